// Reads each image given on the command line with @gutenye/ocr-node and prints one JSON object per image:
//   {"image": "<path>", "lines": [{"text": "...", "score": 0.98, "box": [[x, y], [x, y], [x, y], [x, y]]}, ...]}
// The models are the ones the C# tests use (the folder given by --models, from build/repo/fetch-npm-models.sh).
// Exit code 1 with a message on stderr when anything fails, so the calling test fails rather than skips.
import path from 'node:path'
import Ocr from '@gutenye/ocr-node'

const args = process.argv.slice(2)
const at = args.indexOf('--models')
if (at < 0 || at + 1 >= args.length) {
  console.error('usage: node reference.mjs --models <folder with the ch_PP-OCRv4 models> <image> [<image> ...]')
  process.exit(2)
}
const models = args[at + 1]
const images = args.filter((_, i) => i !== at && i !== at + 1)
try {
  const ocr = await Ocr.create({
    models: {
      detectionPath: path.join(models, 'ch_PP-OCRv4_det_infer.onnx'),
      recognitionPath: path.join(models, 'ch_PP-OCRv4_rec_infer.onnx'),
      dictionaryPath: path.join(models, 'ppocr_keys_v1.txt'),
    },
  })
  for (const image of images) {
    const lines = await ocr.detect(image)
    console.log(JSON.stringify({ image, lines: lines.map((l) => ({ text: l.text, score: l.mean, box: l.box })) }))
  }
} catch (e) {
  console.error(`ocr-reference: ${e?.stack ?? e}`)
  process.exit(1)
}
