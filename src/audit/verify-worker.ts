/** Worker thread of the verification pool: hashes pages handed to it and answers with the result. */
import { parentPort } from 'node:worker_threads';
import { checkPage } from './verify-page.js';

parentPort?.on('message', (m: { id: number; text: string }) => {
  parentPort?.postMessage({ id: m.id, result: checkPage(m.text) });
});
