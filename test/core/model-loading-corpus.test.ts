/**
 * The real-dev corpus (318 public notebooks, see its README) holds a known, hand-checked set of
 * unsafe loads. Every `unsafe-load` finding must be one of them and each of them must be found:
 * precision and recall 1.0 on real data-science notebooks. Lines are 1-based, cells 0-based.
 *
 * Found by reading every code cell that mentions a load-like call (grep of `load`, `pickle`,
 * `allow_pickle`, `yaml`, `joblib`, `trust_remote_code`, `hub`, `safe_mode`…) and deciding:
 *
 * - 38 lines with `trust_remote_code=True` in 25 notebooks: 31 in `from_pretrained`, 3 `load_tool`,
 *   2 vLLM `LLM(...)`, 2 `load_dataset` — all literal `True`, none pinned to a revision.
 * - 6 `pickle.load` in recipe-search (2 cells + 1 + 1); its `pickle.dump` lines are writes.
 * - 2 `torch.load` without `weights_only`: cifar10 `torch.load('cnn.pt')` and recipe-search
 *   `model.load_state_dict(torch.load(model_path, map_location=map_loc))`.
 * - 2 `np.load(..., allow_pickle=True)` (the en and zh-CN copies of one notebook).
 *
 * Borderline cases decided as NOT findings (and asserted absent by the exact-set comparison):
 * - `np.load('activelearn_acc.npy')` without `allow_pickle`: the default is False (NumPy ≥ 1.16.3).
 * - `keras.models.load_model('it_threat_model.model')` (2 notebooks): no `safe_mode=False`; safe
 *   mode is the default.
 * - `mlflow.pyfunc.load_model(...)` (3×): loads a model the notebook registered itself in its own
 *   tracking server; MLflow's own format, not one of the patterns of this family.
 * - `whisper.load_model("large")` (2×): downloads OpenAI's checksum-verified checkpoints; the
 *   `torch.load` inside the library is not the notebook's code.
 * - `FAISS.load_local(...)` (2×): no `allow_dangerous_deserialization=True` in these notebooks.
 * - `yaml_content = """..."""` / `yaml_content=yaml_content` (nemo-guardrails): strings and a
 *   keyword, no YAML loading.
 * - `model.load_state_dict`, `model.load_adapter`, `loader.load()`, `evaluate.load`, `json.load`,
 *   `load_dataset(...)` without the flag: other objects' methods or safe loads — the callee is
 *   resolved, not matched by its last name.
 * - `trust_remote_code` mentioned in a markdown cell (mpt-7b) and in outputs (pip logs, vLLM
 *   banners): not code.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAnalyzer, LineIndex, parseNotebook } from '@cellguard/core';
import { corpusDir } from '../support/paths.js';

/** [notebook, cell (0-based), line (1-based), rule id]. */
const EXPECTED: readonly (readonly [string, number, number, string])[] = [
  ['huggingface__cookbook/notebooks/en/agents.ipynb', 5, 4, 'trust-remote-code'],
  [
    'huggingface__cookbook/notebooks/en/annotate_text_data_transformers_via_active_learning.ipynb',
    10,
    11,
    'numpy-load-allow-pickle',
  ],
  [
    'huggingface__cookbook/notebooks/en/fine_tuning_code_llm_on_single_gpu.ipynb',
    11,
    1,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/en/fine_tuning_code_llm_on_single_gpu.ipynb',
    19,
    24,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/en/fine_tuning_code_llm_on_single_gpu.ipynb',
    33,
    5,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/en/fine_tuning_code_llm_on_single_gpu.ipynb',
    33,
    10,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/en/fine_tuning_llm_to_generate_persian_product_catalogs_in_json_format.ipynb',
    19,
    2,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/en/fine_tuning_llm_to_generate_persian_product_catalogs_in_json_format.ipynb',
    37,
    7,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/en/function_calling_fine_tuning_llms_on_xlam.ipynb',
    20,
    35,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/en/function_calling_fine_tuning_llms_on_xlam.ipynb',
    30,
    50,
    'trust-remote-code',
  ],
  ['huggingface__cookbook/notebooks/en/multiagent_rag_system.ipynb', 34, 1, 'trust-remote-code'],
  ['huggingface__cookbook/notebooks/en/prompt_tuning_peft.ipynb', 8, 4, 'trust-remote-code'],
  ['huggingface__cookbook/notebooks/en/rag_with_sql_reranker.ipynb', 7, 6, 'trust-remote-code'],
  [
    'huggingface__cookbook/notebooks/en/trl_grpo_reasoning_advanced_reward.ipynb',
    10,
    6,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/en/trl_grpo_reasoning_advanced_reward.ipynb',
    10,
    13,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/tr/fine_tuning_code_llm_on_single_gpu.ipynb',
    11,
    1,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/tr/fine_tuning_code_llm_on_single_gpu.ipynb',
    19,
    24,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/tr/fine_tuning_code_llm_on_single_gpu.ipynb',
    33,
    5,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/tr/fine_tuning_code_llm_on_single_gpu.ipynb',
    33,
    10,
    'trust-remote-code',
  ],
  ['huggingface__cookbook/notebooks/zh-CN/agents.ipynb', 4, 4, 'trust-remote-code'],
  [
    'huggingface__cookbook/notebooks/zh-CN/annotate_text_data_transformers_via_active_learning.ipynb',
    10,
    11,
    'numpy-load-allow-pickle',
  ],
  [
    'huggingface__cookbook/notebooks/zh-CN/fine_tuning_code_llm_on_single_gpu.ipynb',
    11,
    1,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/zh-CN/fine_tuning_code_llm_on_single_gpu.ipynb',
    19,
    24,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/zh-CN/fine_tuning_code_llm_on_single_gpu.ipynb',
    33,
    5,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/zh-CN/fine_tuning_code_llm_on_single_gpu.ipynb',
    33,
    10,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/zh-CN/fine_tuning_llm_to_generate_persian_product_catalogs_in_json_format.ipynb',
    19,
    2,
    'trust-remote-code',
  ],
  [
    'huggingface__cookbook/notebooks/zh-CN/fine_tuning_llm_to_generate_persian_product_catalogs_in_json_format.ipynb',
    37,
    7,
    'trust-remote-code',
  ],
  ['huggingface__cookbook/notebooks/zh-CN/prompt_tuning_peft.ipynb', 8, 4, 'trust-remote-code'],
  ['huggingface__cookbook/notebooks/zh-CN/rag_with_sql_reranker.ipynb', 7, 6, 'trust-remote-code'],
  ['pinecone-io__examples/docs/semantic-search.ipynb', 13, 6, 'trust-remote-code'],
  [
    'pinecone-io__examples/learn/generation/llm-field-guide/falcon/falcon-40b-chatbot.ipynb',
    5,
    19,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/generation/llm-field-guide/gpt-j-6b/gpt-j-6b-huggingface-langchain.ipynb',
    5,
    9,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/generation/llm-field-guide/llama-2/llama-2-13b-retrievalqa.ipynb',
    20,
    26,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/generation/llm-field-guide/llama-2/llama-2-70b-chat-agent.ipynb',
    4,
    26,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/generation/llm-field-guide/mistral-ai/mixtral-8x7b/00-mixtral-8x7b-agent.ipynb',
    10,
    8,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/generation/llm-field-guide/mpt/mpt-30b-chatbot.ipynb',
    5,
    8,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/generation/llm-field-guide/mpt/mpt-7b-huggingface-langchain.ipynb',
    5,
    8,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/generation/llm-field-guide/open-llama/retrieval-augmentation-open-llama-langchain.ipynb',
    6,
    19,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/search/image/image-retrieval-ebook/cnn/cifar10.ipynb',
    50,
    3,
    'torch-load-without-weights-only',
  ],
  [
    'pinecone-io__examples/learn/search/multi-modal/recipe-search/recipe-search.ipynb',
    26,
    1,
    'pickle-load',
  ],
  [
    'pinecone-io__examples/learn/search/multi-modal/recipe-search/recipe-search.ipynb',
    26,
    2,
    'pickle-load',
  ],
  [
    'pinecone-io__examples/learn/search/multi-modal/recipe-search/recipe-search.ipynb',
    29,
    10,
    'torch-load-without-weights-only',
  ],
  [
    'pinecone-io__examples/learn/search/multi-modal/recipe-search/recipe-search.ipynb',
    42,
    2,
    'pickle-load',
  ],
  [
    'pinecone-io__examples/learn/search/multi-modal/recipe-search/recipe-search.ipynb',
    42,
    3,
    'pickle-load',
  ],
  [
    'pinecone-io__examples/learn/search/multi-modal/recipe-search/recipe-search.ipynb',
    42,
    4,
    'pickle-load',
  ],
  [
    'pinecone-io__examples/learn/search/multi-modal/recipe-search/recipe-search.ipynb',
    77,
    2,
    'pickle-load',
  ],
  [
    'pinecone-io__examples/learn/search/multilingual/tatoeba-semantic-search-multilingual/tatoeba-semantic-search-multilingual.ipynb',
    9,
    5,
    'trust-remote-code',
  ],
  [
    'pinecone-io__examples/learn/search/semantic-search/2311-embedding-examples/retrieval-perf-jina-v2-base-transformers.ipynb',
    5,
    13,
    'trust-remote-code',
  ],
];

const key = (file: string, cell: number, line: number, ruleId: string): string =>
  `${file} cell ${cell} line ${line} ${ruleId}`;

describe(
  'unsafe-load on the real-dev corpus',
  { skip: !existsSync(join(corpusDir, 'FILES.txt')) && 'corpus not present' },
  () => {
    it('finds exactly the known unsafe loads', async () => {
      const files = readFileSync(join(corpusDir, 'FILES.txt'), 'utf8')
        .split(/\r?\n/)
        .filter((f) => f.endsWith('.ipynb'));
      assert.equal(files.length, 318);
      const analyzer = createAnalyzer();
      const found: string[] = [];
      const remoteCodeCallees: string[] = [];
      const unpinned: string[] = [];
      const started = performance.now();
      for (const file of files) {
        const doc = parseNotebook(readFileSync(join(corpusDir, file), 'utf8'));
        const { findings, notices } = await analyzer.analyzeNotebook(doc);
        for (const notice of notices)
          assert.doesNotMatch(notice.message, /rule [\w-]+ failed/, `${file}: ${notice.message}`);
        for (const finding of findings) {
          if (finding.category !== 'unsafe-load' || finding.location.kind === 'metadata') continue;
          const { cellIndex, range } = finding.location;
          const line = new LineIndex(doc.cells[cellIndex]!.source).positionAt(range[0]).line + 1;
          // Unpinned Hub loads are everywhere in this corpus (its biggest source is the Hugging
          // Face cookbook, which pins nothing): they are checked as a property below, not listed.
          if (finding.ruleId === 'hub-load-without-revision') {
            unpinned.push(doc.cells[cellIndex]!.source.slice(range[0], range[1]));
            continue;
          }
          found.push(key(file, cellIndex, line, finding.ruleId));
          if (finding.ruleId === 'trust-remote-code')
            remoteCodeCallees.push(/`[^`]*` makes `([^`]+)`/.exec(finding.message)?.[1] ?? '?');
        }
      }
      const expected = EXPECTED.map(([file, cell, line, ruleId]) => key(file, cell, line, ruleId));
      const missed = expected.filter((e) => !found.includes(e));
      const unexpected = found.filter((f) => !expected.includes(f));
      const truePositives = expected.length - missed.length;
      console.log(
        `corpus: ${found.length} unsafe-load findings in ${files.length} notebooks (${Math.round(performance.now() - started)} ms, all rules); ` +
          `precision ${(truePositives / Math.max(found.length, 1)).toFixed(3)}, recall ${(truePositives / expected.length).toFixed(3)}`,
      );
      assert.deepEqual({ missed, unexpected }, { missed: [], unexpected: [] });
      assert.equal(found.length, expected.length, 'no duplicate findings');
      // hub-load-without-revision: every finding is a Hub load call (or its revision argument)
      // with no 40-hex commit id in it.
      console.log(`corpus: ${unpinned.length} hub-load-without-revision notes`);
      assert.ok(unpinned.length >= 100, `${unpinned.length} unpinned Hub loads`);
      for (const text of unpinned) {
        assert.match(
          text,
          /from_pretrained|hf_hub_download|snapshot_download|load_dataset|^revision/,
        );
        assert.doesNotMatch(text, /[0-9a-f]{40}/);
      }
      const counts = new Map<string, number>();
      for (const [, , , ruleId] of EXPECTED) counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
      assert.deepEqual(Object.fromEntries(counts), {
        'trust-remote-code': 38,
        'numpy-load-allow-pickle': 2,
        'torch-load-without-weights-only': 2,
        'pickle-load': 6,
      });
      // The corpus README's breakdown: 25 notebooks, 31 of the 38 in `from_pretrained`.
      assert.equal(
        new Set(EXPECTED.filter((e) => e[3] === 'trust-remote-code').map((e) => e[0])).size,
        25,
      );
      assert.equal(
        remoteCodeCallees.filter((c) => c.endsWith('.from_pretrained')).length,
        31,
        remoteCodeCallees.join(', '),
      );
    });
  },
);
