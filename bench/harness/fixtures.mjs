/**
 * Synthetic but realistic notebook cells for the per-keystroke and size benchmarks. Pure ESM with
 * no Node imports: the browser bundle uses the same generator, so Node and Chromium time the
 * same text.
 *
 * Cells look like everyday data-science code (pandas, torch, sklearn, a few string literals,
 * f-strings, comments) and contain no secret, except the `secret` variants, which carry one
 * token-shaped value built at run time (never a literal in this repository).
 */

/** Deterministic PRNG (mulberry32) so every run and every runtime sees identical text. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(next, length) {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(next() * ALNUM.length)];
  return out;
}

/** A GitHub-classic-PAT-shaped value (`ghp_` + 36 alphanumerics), random, never a real token. */
export function fakeGithubToken(seed = 7) {
  return 'ghp' + '_' + randomToken(rng(seed), 36);
}

/** The import cell every generated notebook starts with. */
export const IMPORT_CELL = [
  'import os',
  'import json',
  'import numpy as np',
  'import pandas as pd',
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  'from torch.utils.data import DataLoader, Dataset',
  'from sklearn.model_selection import train_test_split',
  'from sklearn.metrics import accuracy_score, f1_score',
  'import matplotlib.pyplot as plt',
  'from transformers import AutoTokenizer, AutoModel',
].join('\n');

// Line templates; `{n}` is replaced by a block number so longer cells do not repeat verbatim.
const BLOCKS = [
  [
    '# Load and clean the raw data ({n})',
    'df{n} = pd.read_csv("data/train_{n}.csv", sep=",", encoding="utf-8")',
    'df{n} = df{n}.dropna(subset=["text", "label"]).reset_index(drop=True)',
    'df{n}["length"] = df{n}["text"].str.len()',
    'print(f"rows: {len(df{n})}, mean length: {df{n}[\'length\'].mean():.1f}")',
  ],
  [
    'class TextDataset{n}(Dataset):',
    '    def __init__(self, frame, tokenizer, max_len=128):',
    '        self.frame = frame',
    '        self.tokenizer = tokenizer',
    '        self.max_len = max_len',
    '',
    '    def __len__(self):',
    '        return len(self.frame)',
    '',
    '    def __getitem__(self, idx):',
    '        row = self.frame.iloc[idx]',
    '        enc = self.tokenizer(row["text"], truncation=True, padding="max_length", max_length=self.max_len)',
    '        return {k: torch.tensor(v) for k, v in enc.items()}, torch.tensor(row["label"])',
  ],
  [
    'tokenizer{n} = AutoTokenizer.from_pretrained("bert-base-uncased")',
    'train_df{n}, val_df{n} = train_test_split(df{n}, test_size=0.2, random_state=42)',
    'train_loader{n} = DataLoader(TextDataset{n}(train_df{n}, tokenizer{n}), batch_size=32, shuffle=True)',
    'val_loader{n} = DataLoader(TextDataset{n}(val_df{n}, tokenizer{n}), batch_size=64)',
  ],
  [
    'class Classifier{n}(nn.Module):',
    '    def __init__(self, hidden=768, classes=4, dropout=0.1):',
    '        super().__init__()',
    '        self.encoder = AutoModel.from_pretrained("bert-base-uncased")',
    '        self.drop = nn.Dropout(dropout)',
    '        self.head = nn.Linear(hidden, classes)',
    '',
    '    def forward(self, batch):',
    '        out = self.encoder(**batch).last_hidden_state[:, 0]',
    '        return self.head(self.drop(out))',
  ],
  [
    'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
    'model{n} = Classifier{n}().to(device)',
    'optimizer{n} = torch.optim.AdamW(model{n}.parameters(), lr=2e-5, weight_decay=0.01)',
    'for epoch in range(3):',
    '    model{n}.train()',
    '    for batch, labels in train_loader{n}:',
    '        batch = {k: v.to(device) for k, v in batch.items()}',
    '        loss = F.cross_entropy(model{n}(batch), labels.to(device))',
    '        loss.backward()',
    '        optimizer{n}.step()',
    '        optimizer{n}.zero_grad()',
    '    print(f"epoch {epoch}: loss={loss.item():.4f}")',
  ],
  [
    'preds{n} = []',
    'with torch.no_grad():',
    '    for batch, labels in val_loader{n}:',
    '        logits = model{n}({k: v.to(device) for k, v in batch.items()})',
    '        preds{n}.extend(logits.argmax(-1).cpu().tolist())',
    'print("accuracy", accuracy_score(val_df{n}["label"], preds{n}))',
    'print("macro f1", f1_score(val_df{n}["label"], preds{n}, average="macro"))',
  ],
  [
    'summary{n} = df{n}.groupby("label").agg(count=("text", "size"), mean_len=("length", "mean"))',
    'summary{n}.plot(kind="bar", figsize=(8, 4), title="Label distribution")',
    'plt.tight_layout()',
    'plt.savefig(os.path.join("figures", "labels_{n}.png"), dpi=150)',
    'with open("results/metrics_{n}.json", "w") as fh:',
    '    json.dump({"rows": len(df{n}), "labels": summary{n}.to_dict()}, fh, indent=2)',
  ],
];

/**
 * A code cell of exactly `lines` lines. With `secret`, one line assigns a token-shaped value
 * (the way a credential typically lands in a notebook).
 */
export function codeCell(lines, { seed = 1, secret = false } = {}) {
  const out = [];
  let block = 0;
  const next = rng(seed);
  while (out.length < lines) {
    const template = BLOCKS[Math.floor(next() * BLOCKS.length)];
    const n = String(seed * 100 + block++);
    for (const line of template) out.push(line.replaceAll('{n}', n));
    out.push('');
  }
  out.length = lines;
  if (secret) out[Math.min(6, lines - 1)] = `GITHUB_TOKEN = "${fakeGithubToken(seed)}"`;
  return out.join('\n');
}

/** The line an editing user keeps changing: a different identifier on every call (no cache hit). */
export function editLine(iteration) {
  return `threshold_${iteration.toString(36)} = 0.5 + ${iteration % 97} / 100`;
}

/**
 * `base` with the line at `at` (default: the middle line) replaced by `editLine(iteration)`, at
 * that line's indentation (or the next non-blank line's), so the edit changes a statement's
 * text and never the block structure: what typing inside an existing line does.
 */
export function editedSource(baseLines, iteration, at = Math.floor(baseLines.length / 2)) {
  const lines = baseLines.slice();
  let ref = at;
  while (ref < lines.length - 1 && lines[ref].trim() === '') ref++;
  const indent = /^\s*/.exec(lines[ref])[0];
  lines[at] = indent + editLine(iteration);
  return lines.join('\n');
}

/** A notebook of `count` cells: imports first, then code cells of 5–25 lines with markdown between. */
export function notebook(count, { editLines = 50 } = {}) {
  const next = rng(count);
  const cells = [{ kind: 'code', source: IMPORT_CELL, outputs: [] }];
  for (let i = 1; i < count; i++) {
    if (i % 4 === 0) {
      cells.push({
        kind: 'markdown',
        source: `## Step ${i}\n\nWe look at the data again, this time split by label.`,
        outputs: [],
      });
    } else {
      cells.push({
        kind: 'code',
        source: codeCell(5 + Math.floor(next() * 20), { seed: i + 10 }),
        outputs: [],
      });
    }
  }
  // The edited cell sits at the end (worst case for anything that walks earlier cells).
  cells[count - 1] = { kind: 'code', source: codeCell(editLines, { seed: 3 }), outputs: [] };
  return { cells, language: 'python' };
}
