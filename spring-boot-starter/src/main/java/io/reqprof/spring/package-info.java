/**
 * Spring Boot auto-configuration: {@link io.reqprof.spring.ReqprofAutoConfiguration} registers the
 * servlet filter first in the chain with settings from the Spring Environment, gives it Spring MVC's
 * route patterns, and starts the continuous agent when reqprof-agent is on the class path. It may
 * import core, the servlet filter and (optionally) the agent; nothing imports it.
 */
package io.reqprof.spring;
