/**
 * The {@code -javaagent} entry point ({@link io.reqprof.javaagent.ReqprofAgent}) of the self-contained
 * agent jar this module builds: the continuous agent with its third-party dependencies relocated.
 * It imports the agent and core; nothing imports it.
 */
package io.reqprof.javaagent;
