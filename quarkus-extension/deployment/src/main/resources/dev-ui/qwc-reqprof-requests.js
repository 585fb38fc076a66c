import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { flameGraphPath } from 'build-time-data';
import '@vaadin/grid';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

/**
 * reqprof's Dev UI page: the recent request profiles (newest first), each opening as a flame graph,
 * and a link to the collector's UI when one runs. Refreshes every two seconds.
 */
export class QwcReqprofRequests extends LitElement {
    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; height: 100%; gap: 0.5em; padding: 0.5em; }
        .bar { display: flex; gap: 1.5em; align-items: baseline; }
        .dir { font-family: monospace; opacity: 0.8; }
        vaadin-grid { flex: 1; }
    `;

    static properties = {
        _rows: { state: true },
        _collectorUrl: { state: true },
        _profileDir: { state: true },
    };

    constructor() {
        super();
        this._rows = [];
        this._collectorUrl = '';
        this._profileDir = '';
    }

    connectedCallback() {
        super.connectedCallback();
        this._load();
        this._timer = setInterval(() => this._load(), 2000);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    _load() {
        this.jsonRpc.getRecentRequests().then(r => { this._rows = r.result; });
        this.jsonRpc.getCollectorUrl().then(r => { this._collectorUrl = r.result; });
        this.jsonRpc.getProfileDir().then(r => { this._profileDir = r.result; });
    }

    render() {
        return html`
            <div class="bar">
                <span>Dumps in <span class="dir">${this._profileDir || '(request profiling is off)'}</span></span>
                ${this._collectorUrl
                    ? html`<a href="${this._collectorUrl}" target="_blank">Continuous profiles (collector UI)</a>`
                    : html`<span>No collector running</span>`}
            </div>
            <vaadin-grid .items="${this._rows}" theme="row-stripes compact" all-rows-visible>
                <vaadin-grid-column header="Method" path="method" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Path" path="path" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Route" path="route" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Status" path="status" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Elapsed" auto-width
                    ${columnBodyRenderer(r => html`${r.elapsedMs.toFixed(1)} ms`, [])}></vaadin-grid-column>
                <vaadin-grid-column header="Profile" auto-width
                    ${columnBodyRenderer(r => html`<a href="${flameGraphPath}?id=${encodeURIComponent(r.id)}" target="_blank">flame graph</a>`, [])}></vaadin-grid-column>
            </vaadin-grid>
        `;
    }
}
customElements.define('qwc-reqprof-requests', QwcReqprofRequests);
