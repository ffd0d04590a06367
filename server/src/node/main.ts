/** Entry point of dist/server.js: `node dist/server.js --stdio` (or --node-ipc from the extension). */
import './tune-runtime';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { createBundledService } from '../bundled-service';
import { startServer } from '../server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection, createBundledService());
