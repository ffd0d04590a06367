/** The HTML page of the service-graph webview: local bundle only, strict CSP with a per-load nonce. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function graphPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    // the layout engine (elkjs) runs in workers started from blob URLs (see media/graph/src/elk-pool.ts)
    'worker-src blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('graph-webview.css')}" nonce="${nonce}">
<!-- cytoscape injects this stylesheet unless one with its id exists; an injected one has no nonce -->
<style id="__________cytoscape_stylesheet" nonce="${nonce}">.__________cytoscape_container { position: relative; }</style>
<title>Service Graph</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Service graph controls"></div>
<div id="main">
  <div id="notices" role="alert" hidden></div>
  <div id="graph" role="img" aria-label="Service graph; use the node list (Tab) to pick nodes with the keyboard"></div>
  <nav id="node-list" aria-label="Graph nodes"></nav>
  <div id="legend"></div>
  <aside id="details" aria-label="Details" hidden></aside>
</div>
<script nonce="${nonce}" src="${asset('graph-webview.js')}"></script>
</body>
</html>`;
}
