/**
 * The HTML-to-text scanner's offset map, checked through the rules: whatever HTML surrounds a
 * value (tags, attributes with `>` in quotes, comments, `<script>`/`<style>`, entities, unclosed
 * tags), the reported range covers exactly the value's stored bytes, so a redaction rewrites
 * those bytes and nothing else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer, getRule, type NotebookDoc } from '@cellguard/core';

const email = getRule('email-address-in-output')!;
const analyzer = new Analyzer([email]);

function htmlDoc(html: string): NotebookDoc {
  return {
    language: 'python',
    cells: [
      {
        kind: 'code',
        source: 'df',
        outputs: [{ outputType: 'execute_result', texts: [{ mimeType: 'text/html', text: html }] }],
      },
    ],
  };
}

// Noise that must never join a value or hide it. Every piece ends at a boundary (a tag or space).
const noise = fc.constantFrom(
  '<td>',
  '</td>',
  '<tr style="text-align: right;">',
  '<th title="a > b">',
  '<!-- jane.doe84@gmail.com in a comment -->',
  '<script>var x = "raj@outlook.com";</script>',
  '<style>@media screen { .x { color: red } }</style>',
  ' &amp; ',
  ' &lt;b&gt; ',
  '&nbsp;',
  ' 4155552671 ',
  '<br/>',
  ' a < b ',
  '\n',
  ' text ',
);

// One address, written plainly or with entity-encoded characters.
const encodedEmail = fc.constantFrom(
  ['li.wei@163.com', 'li.wei@163.com'],
  ['li.wei&#64;163.com', 'li.wei@163.com'],
  ['li.wei&commat;163&period;com', 'li.wei@163.com'],
  ['&#x6C;i.wei@163.com', 'li.wei@163.com'],
);

describe('HTML offset map', () => {
  it('maps a value back to its raw bytes whatever surrounds it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(noise, { maxLength: 12 }),
        encodedEmail,
        fc.array(noise, { maxLength: 12 }),
        async (before, [raw, value], after) => {
          const prefix = before.join('');
          const html = `${prefix}<td>${raw}</td>${after.join('')}`;
          const { findings } = await analyzer.analyzeNotebook(htmlDoc(html), { sources: false });
          assert.equal(findings.length, 1, html);
          const [start, end] = findings[0]!.location.range;
          assert.equal(html.slice(start, end), raw, html);
          assert.equal(findings[0]!.properties?.['count'], 1);
          assert.ok(
            findings[0]!.message.includes(`(first: …(${value.length} chars))`),
            findings[0]!.message,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not read values inside comments, scripts, styles or attributes', async () => {
    const html =
      '<div data-owner="jane.doe84@gmail.com"><!-- raj@outlook.com --><script>"m.rossi@libero.it"</script>' +
      '<style>/* ana@uol.com.br */</style><p>nothing here</p></div>';
    const { findings } = await analyzer.analyzeNotebook(htmlDoc(html), { sources: false });
    assert.deepEqual(findings, []);
  });
});
