/**
 * The invariants every hardening test checks on an analysis, and a bounded runner that analyses
 * a hostile input in a worker thread and kills it at a deadline — so a freeze is a failed
 * assertion after N seconds, never a hung CI job.
 */
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { LIMITS, NotebookError, type AnalysisResult, type NotebookDoc } from '@cellguard/core';
import { metadataValue } from './metadata.js';

/** Parse: a doc, or a `NotebookError` with a short reason. Anything else fails the test. */
export function parseOrError(parse: () => NotebookDoc): NotebookDoc | NotebookError {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof NotebookError)) {
      throw new assert.AssertionError({
        message: `parse threw ${String(error)} instead of a NotebookError`,
      });
    }
    assert.ok(
      error.message.length > 0 && error.message.length < 400,
      'error message is short and non-empty',
    );
    return error;
  }
}

/** Invariants of an analysis result: in-bounds offsets, filled messages, well-formed ids, no rule crash. */
export function checkResult(doc: NotebookDoc, result: AnalysisResult): void {
  for (const finding of result.findings) {
    const { location } = finding;
    if (location.kind === 'metadata') {
      const value = metadataValue(doc, location);
      const [start, end] = location.range;
      assert.ok(
        (value !== undefined && start <= end && end <= value.length) || (start === 0 && end === 0),
        `metadata finding inside its value (${finding.ruleId})`,
      );
      continue;
    }
    const cell = doc.cells[location.cellIndex];
    assert.ok(cell, `finding in a cell that exists (${finding.ruleId})`);
    let text: string | undefined;
    if (location.kind === 'source') text = cell.source.slice(0, LIMITS.maxCellChars);
    else
      text = cell.outputs[location.outputIndex]?.texts.find(
        (t) => t.mimeType === location.mimeType,
      )?.text;
    assert.ok(text !== undefined, `finding's output exists (${finding.ruleId})`);
    const [start, end] = location.range;
    assert.ok(
      Number.isInteger(start) &&
        Number.isInteger(end) &&
        start >= 0 &&
        start <= end &&
        end <= text.length,
      `range [${start}, ${end}) inside text of ${text.length} (${finding.ruleId})`,
    );
    assert.ok(
      !/\{\{\s{0,4}\w{1,64}\s{0,4}\}\}/.test(finding.message),
      `message placeholders filled (${finding.ruleId}): ${finding.message}`,
    );
    assert.match(finding.fingerprint, /^[0-9a-f]{32}$/);
    for (const fix of finding.fixes) {
      assert.ok(fix.applicability === 'safe' || fix.applicability === 'unsafe');
      for (const edit of fix.edits)
        assert.ok(
          edit.cellIndex >= 0 && edit.cellIndex < doc.cells.length,
          'fix edits an existing cell',
        );
    }
  }
  for (const notice of result.notices) {
    assert.ok(!/^rule \S+ failed: /.test(notice.message), `no rule crashed: ${notice.message}`);
  }
}

/** What a worker reports about one hostile input. */
export interface HostileReport {
  readonly parseMs: number;
  readonly analyzeMs: number;
  readonly findings: number;
  readonly notices: readonly string[];
  /** `NotebookError: …` when the input was refused (a clear error is an acceptable outcome). */
  readonly refused?: string;
  /** An invariant broken or an unexpected exception. */
  readonly failure?: string;
}

/** Old-generation heap a hostile input may use, building the input included. */
export const HOSTILE_HEAP_MB = 1024;

/**
 * Analyse the hostile input `name` (see fuzz-hostile.ts) in a fresh worker. Resolves with its
 * report, or with `timedOut` after `deadlineMs`, when the worker is terminated.
 */
export function runHostileInWorker(
  name: string,
  deadlineMs: number,
): Promise<{ timedOut: boolean; wallMs: number; report?: HostileReport }> {
  const start = performance.now();
  // Memory is bounded too: a worker that needs more heap than this dies with
  // ERR_WORKER_OUT_OF_MEMORY and the test fails (the input itself takes ~100–300 MB).
  const worker = new Worker(new URL('./fuzz-worker.js', import.meta.url), {
    workerData: { name },
    resourceLimits: { maxOldGenerationSizeMb: HOSTILE_HEAP_MB },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ timedOut: true, wallMs: performance.now() - start });
    }, deadlineMs);
    worker.once('message', (report: HostileReport) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve({ timedOut: false, wallMs: performance.now() - start, report });
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
