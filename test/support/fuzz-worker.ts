/** Worker entry of `runHostileInWorker`: build one hostile input, analyse it, report. */
import { parentPort, workerData } from 'node:worker_threads';
import { runHostile } from './fuzz-hostile.js';

const { name } = workerData as { name: string };
parentPort?.postMessage(await runHostile(name));
