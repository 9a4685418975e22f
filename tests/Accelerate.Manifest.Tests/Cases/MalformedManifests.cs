// Shared by Accelerate.Manifest.Tests (parser) and Accelerate.Generators.Tests (the same manifests through the
// generator, linked as a source file): one list of broken manifests, each with the diagnostic it must produce.
// Line and column are 1-based and count UTF-16 characters, as Roslyn, MSBuild and editors do.

namespace Accelerate.Manifest.Tests.Cases;

/// <summary>A manifest that must produce diagnostic <paramref name="Id"/> exactly once, at <paramref name="Line"/>:<paramref name="Column"/>.</summary>
/// <param name="Name">Unique, readable case name (the theory's display argument).</param>
/// <param name="Id">The ACC code expected.</param>
/// <param name="Line">1-based line of the diagnostic.</param>
/// <param name="Column">1-based column (UTF-16 characters) of the diagnostic.</param>
/// <param name="Text">The manifest text.</param>
/// <param name="MessageContains">Text the message must contain (a suggestion, a hint), when the case is about it.</param>
public sealed record MalformedManifest(string Name, string Id, int Line, int Column, string Text, string? MessageContains = null)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The catalogue of malformed manifests.</summary>
public static class MalformedManifests
{
    /// <summary>File name the cases are parsed under (the default model name would be "Broken").</summary>
    public const string FileName = "broken.model.json";

    /// <summary>Every case.</summary>
    public static IReadOnlyList<MalformedManifest> All { get; } =
    [
        // ---- not JSON at all (ACC1001), empty (ACC1002), not an object (ACC1003) ----
        new("json: missing comma between properties", "ACC1001", 3, 3, """
            {
              "task": "tensor"
              "source": { "path": "model.onnx" }
            }
            """, "invalid after a value"),
        new("json: unterminated string", "ACC1001", 2, 19, """
            {
              "task": "tensor,
              "source": { "path": "model.onnx" }
            }
            """, "0x0A"),
        new("json: bad literal", "ACC1001", 4, 19, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "normalize": tru,
            }
            """, "literal 'true'"),
        new("json: bare word as a value (after non-ASCII text on the line)", "ACC1001", 1, 29,
            """{ "$schema": "😀", "task": tensor }""", "literal 'true'"),
        new("json: two root values", "ACC1001", 4, 1, """
            {
              "task": "tensor", "source": { "path": "model.onnx" }
            }
            { "task": "tensor" }
            """, "after a single JSON value"),
        new("json: single-quoted names", "ACC1001", 1, 3, "{ 'task': 'tensor' }", "property name"),
        new("json: object never closed", "ACC1001", 2, 37, """
            {
              "source": { "path": "model.onnx" }
            """, "open JSON object"),
        new("json: unterminated block comment", "ACC1001", 2, 1, """
            { "task": "tensor", "source": { "path": "model.onnx" } }
            /* the end of this comment is missing
            """, "end of comment"),
        new("json: unpaired surrogate escape", "ACC1001", 1, 11,
            """{ "name": "\uD800", "task": "tensor", "source": { "path": "model.onnx" } }""", "surrogate"),
        new("empty text", "ACC1002", 1, 1, "", "is empty"),
        new("only whitespace and comments", "ACC1002", 1, 1, """

              // a manifest-to-be
              /* nothing here yet */

            """, "is empty"),
        new("root is an array", "ACC1003", 1, 1, """[ { "task": "tensor" } ]""", "not an array"),
        new("root is a string", "ACC1003", 1, 3, """  "model.onnx" """, "not a string"),
        new("root is a number", "ACC1003", 2, 1, "// a number\n42", "not a number"),

        // ---- properties: unknown (ACC1004), wrong type (ACC1005), missing (ACC1006), duplicate (ACC1021) ----
        new("misspelt property (a near miss of a known one)", "ACC1025", 4, 3, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "backend": ["cpu"]
            }
            """, "did you mean 'backends'?"),
        new("misspelt property inside source", "ACC1025", 3, 37, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx", "sha265": "00" }
            }
            """, "did you mean 'sha256'?"),
        new("wrong type: task is a number", "ACC1005", 2, 11, """
            {
              "task": 42,
              "source": { "path": "model.onnx" }
            }
            """, "'task' must be a string, not a number"),
        new("wrong type: normalize is a string", "ACC1005", 5, 16, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" } },
              "normalize": "yes"
            }
            """, "true or false"),
        new("wrong type: source is a string", "ACC1005", 3, 13, """
            {
              "task": "tensor",
              "source": "model.onnx"
            }
            """, "an object such as"),
        new("wrong type: backends is a string", "ACC1005", 4, 15, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "backends": "cpu"
            }
            """, "an array of strings"),
        new("wrong type: a backend is a number", "ACC1005", 4, 23, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "backends": ["cpu", 1]
            }
            """, "'backends item' must be a string"),
        new("wrong type: tests is an array", "ACC1005", 4, 12, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "tests": []
            }
            """, "an object"),
        new("wrong type: tolerance is a string", "ACC1005", 4, 37, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "tests": { "tolerance": { "fp32": "1e-4" } }
            }
            """, "a number"),
        new("wrong type: maxLength is a string", "ACC1005", 4, 65, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" }, "maxLength": "256" }
            }
            """, "'maxLength' must be a number"),
        new("wrong type: names is an array", "ACC1005", 4, 12, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "names": ["Input"]
            }
            """, "an object mapping ONNX names"),
        new("wrong type: session thread count is a boolean", "ACC1005", 4, 34, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "session": { "intraOpThreads": true }
            }
            """, "not true"),
        new("missing task", "ACC1006", 1, 1, """
            {
              "source": { "path": "model.onnx" }
            }
            """, "required property 'task'"),
        new("missing source", "ACC1006", 1, 1, """
            {
              "task": "tensor"
            }
            """, "required property 'source'"),
        new("duplicate property: the second one is reported", "ACC1021", 4, 3, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "task": "tensor"
            }
            """, "'task' appears more than once"),

        // ---- task (ACC1007, ACC1008, ACC1018) ----
        new("unknown task with a suggestion", "ACC1007", 2, 11, """
            {
              "task": "feature-extration",
              "source": { "path": "model.onnx" }
            }
            """, "did you mean 'feature-extraction'?"),
        new("known task without typed methods", "ACC1008", 2, 11, """
            {
              "task": "text-classification",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" } }
            }
            """, "only the raw tensor API"),
        new("text task without a tokenizer", "ACC1018", 2, 11, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" }
            }
            """, "add a \"tokenizer\""),

        // ---- name and namespace (ACC1009, ACC1010, ACC1024) ----
        new("name is a keyword", "ACC1009", 2, 11, """
            {
              "name": "class",
              "task": "tensor",
              "source": { "path": "model.onnx" }
            }
            """, "C# keyword; did you mean 'Class'?"),
        new("name starts with a digit", "ACC1009", 2, 11, """
            {
              "name": "3dNet",
              "task": "tensor",
              "source": { "path": "model.onnx" }
            }
            """, "did you mean '_3dNet'?"),
        new("name has a hyphen", "ACC1009", 2, 11, """
            {
              "name": "mini-lm",
              "task": "tensor",
              "source": { "path": "model.onnx" }
            }
            """, "did you mean 'MiniLm'?"),
        new("namespace has an empty segment", "ACC1010", 2, 16, """
            {
              "namespace": "My..Models",
              "task": "tensor",
              "source": { "path": "model.onnx" }
            }
            """, "not a valid C# namespace"),
        new("names override is not an identifier", "ACC1024", 4, 25, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "names": { "input.1": "input-1" }
            }
            """, "'input-1' (for 'input.1')"),

        // ---- sources (ACC1011 – ACC1014) ----
        new("source with both path and package", "ACC1011", 3, 13, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx", "package": "Models", "version": "1.0.0", "file": "model.onnx" }
            }
            """, "cannot also name a package"),
        new("source with neither path nor package", "ACC1011", 3, 13, """
            {
              "task": "tensor",
              "source": { "sha256": "0000000000000000000000000000000000000000000000000000000000000000" }
            }
            """, "exactly one of \"path\" or \"package\""),
        new("package without a version", "ACC1012", 3, 26, """
            {
              "task": "tensor",
              "source": { "package": "My.Models", "file": "tools/model.onnx" }
            }
            """, "names package 'My.Models' but no \"version\""),
        new("package version is a range", "ACC1014", 5, 16, """
            {
              "task": "tensor",
              "source": {
                "package": "My.Models",
                "version": "[1.0,2.0)",
                "file": "tools/model.onnx"
              }
            }
            """, "ranges and wildcards"),
        new("package version is a wildcard", "ACC1014", 3, 50, """
            {
              "task": "tensor",
              "source": { "package": "My.Models", "version": "*", "file": "tools/model.onnx" }
            }
            """, "one exact version"),
        new("package with both file and resource", "ACC1013", 3, 13, """
            {
              "task": "tensor",
              "source": { "package": "My.Models", "version": "1.0.0", "file": "a.onnx", "resource": "My.Models.a.onnx" }
            }
            """, "exactly one of \"file\""),
        new("package with neither file nor resource", "ACC1013", 3, 13, """
            {
              "task": "tensor",
              "source": { "package": "My.Models", "version": "1.0.0" }
            }
            """, "\"resource\" (an embedded resource"),
        new("empty path", "ACC1014", 3, 23, """
            {
              "task": "tensor",
              "source": { "path": "" }
            }
            """, "relative to the manifest"),
        new("absolute package file", "ACC1014", 3, 67, """
            {
              "task": "tensor",
              "source": { "package": "My.Models", "version": "1.0.0", "file": "/tools/model.onnx" }
            }
            """, "relative path inside the package"),
        new("package file climbing out with '..'", "ACC1014", 3, 67, """
            {
              "task": "tensor",
              "source": { "package": "My.Models", "version": "1.0.0", "file": "tools/../../secret.onnx" }
            }
            """, "relative path inside the package"),
        new("invalid sha256", "ACC1014", 3, 47, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx", "sha256": "abc123" }
            }
            """, "64 hexadecimal characters"),

        // ---- backends (ACC1014, ACC1015, ACC1016) ----
        new("unknown backend with a suggestion", "ACC1015", 4, 23, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "backends": ["cpu", "cdua"]
            }
            """, "did you mean 'cuda'?"),
        new("mps is reached through coreml", "ACC1015", 4, 16, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "backends": ["mps"]
            }
            """, "through 'coreml'"),
        new("duplicate backend", "ACC1016", 4, 31, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "backends": ["cpu", "cuda", "cpu"]
            }
            """, "'cpu' is listed more than once"),
        new("empty backends", "ACC1014", 4, 15, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "backends": []
            }
            """, "at least one backend"),

        // ---- tokenizer (ACC1006, ACC1017, ACC1020) ----
        new("tokenizer type not supported yet", "ACC1017", 4, 26, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "type": "bpe", "vocab": { "path": "vocab.json" } }
            }
            """, "is not supported yet"),
        new("tokenizer without vocab", "ACC1006", 4, 16, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "type": "wordpiece" }
            }
            """, "required property 'vocab'"),
        new("maxLength 1", "ACC1020", 4, 65, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" }, "maxLength": 1 }
            }
            """, "not 1"),
        new("maxLength 1.5", "ACC1020", 4, 65, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" }, "maxLength": 1.5 }
            }
            """, "not 1.5"),
        new("maxLength -3", "ACC1020", 4, 65, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" }, "maxLength": -3 }
            }
            """, "not -3"),

        // ---- pooling and task-specific settings (ACC1019, ACC1023) ----
        new("unknown pooling with a suggestion", "ACC1019", 5, 14, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" } },
              "pooling": "maen"
            }
            """, "did you mean 'mean'?"),
        new("pooling on a tensor task", "ACC1023", 4, 3, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "pooling": "mean"
            }
            """, "for task 'tensor'"),
        new("empty output name", "ACC1014", 5, 13, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" } },
              "output": ""
            }
            """, "name one of the model's outputs"),

        // ---- tests, benchmark, session (ACC1005, ACC1014, ACC1020) ----
        new("negative tolerance", "ACC1020", 4, 37, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "tests": { "tolerance": { "fp32": -0.001 } }
            }
            """, "zero or more"),
        new("benchmark batchSizes empty", "ACC1014", 4, 32, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "benchmark": { "batchSizes": [] }
            }
            """, "at least one value"),
        new("benchmark batchSizes [0]", "ACC1020", 4, 33, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "benchmark": { "batchSizes": [0] }
            }
            """, "from 1 to 1000000"),
        new("benchmark batchSizes [\"a\"]", "ACC1005", 4, 33, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "benchmark": { "batchSizes": ["a"] }
            }
            """, "an integer"),
        new("unknown graph optimization level", "ACC1014", 4, 37, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "session": { "graphOptimization": "extendd" }
            }
            """, "did you mean 'extended'?"),
        new("intra-op threads out of range", "ACC1020", 4, 34, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "session": { "intraOpThreads": 5000 }
            }
            """, "to 1024"),

        // ---- test settings and image preprocessing ----
        new("triplet without a negative", "ACC1006", 5, 27, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" } },
              "tests": { "triplets": [{ "anchor": "a", "positive": "b" }] }
            }
            """, "missing the required property 'negative'"),
        new("dimension size zero", "ACC1020", 4, 39, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "tests": { "dimensions": { "batch": 0 } }
            }
            """, "from 1 to 1000000"),
        new("zero test cases", "ACC1020", 4, 23, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "tests": { "cases": 0 }
            }
            """, "from 1 to 64"),
        new("image mean with two channels", "ACC1005", 4, 22, """
            {
              "task": "image-feature-extraction",
              "source": { "path": "model.onnx" },
              "image": { "mean": [0.5, 0.5] }
            }
            """, "an array of three numbers"),
        new("unknown image resize mode", "ACC1014", 4, 24, """
            {
              "task": "image-feature-extraction",
              "source": { "path": "model.onnx" },
              "image": { "resize": "fit" }
            }
            """, "use one of crop, stretch"),
        new("triplets on a tensor task", "ACC1023", 4, 14, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "tests": { "triplets": [] }
            }
            """, "'tests.triplets' has no effect for task 'tensor'"),
        new("a multi-model task without a required model", "ACC1026", 4, 3, """
            {
              "task": "ocr",
              "source": { "path": "det.onnx" },
              "models": { "classifier": { "path": "cls.onnx" } },
              "files": { "dictionary": { "path": "keys.txt" } }
            }
            """, "Task 'ocr' needs the model \"recognizer\" under \"models\""),
        new("a multi-model task without a required file", "ACC1026", 1, 1, """
            { "task": "ocr", "source": { "path": "det.onnx" }, "models": { "recognizer": { "path": "rec.onnx" } } }
            """, "needs the file \"dictionary\" under \"files\""),
        new("an unknown model role suggests the task's roles", "ACC1025", 1, 64, """
            { "task": "ocr", "source": { "path": "det.onnx" }, "models": { "recogniser": { "path": "rec.onnx" } }, "files": { "dictionary": { "path": "k.txt" } } }
            """, "did you mean 'recognizer'?"),
        new("a task option of the wrong type", "ACC1005", 1, 129, """
            { "task": "ocr", "source": { "path": "d.onnx" }, "models": { "recognizer": { "path": "r.onnx" } }, "options": { "boxThreshold": "high" }, "files": { "dictionary": { "path": "k.txt" } } }
            """, "'boxThreshold' must be a number"),
        new("a task option out of its range", "ACC1020", 1, 129, """
            { "task": "ocr", "source": { "path": "d.onnx" }, "models": { "recognizer": { "path": "r.onnx" } }, "options": { "boxThreshold": 1.5 }, "files": { "dictionary": { "path": "k.txt" } } }
            """, "'options.boxThreshold' must be a number from 0 to 1"),
        new("an option the task does not have", "ACC1004", 1, 113, """
            { "task": "ocr", "source": { "path": "d.onnx" }, "models": { "recognizer": { "path": "r.onnx" } }, "options": { "language": "en" }, "files": { "dictionary": { "path": "k.txt" } } }
            """, "Unknown property 'language' in \"options\""),
        new("a voice activity threshold at or below Silero's 0.15 silence margin", "ACC1020", 1, 106, """
            { "task": "voice-activity-detection", "source": { "path": "silero_vad.onnx" }, "options": { "threshold": 0.1 } }
            """, "'options.threshold' must be a number from 0.15 to 1, not 0.1"),
        new("a voice activity duration that is not whole milliseconds", "ACC1020", 1, 109, """
            { "task": "voice-activity-detection", "source": { "path": "silero_vad.onnx" }, "options": { "minSilenceMs": 12.5 } }
            """, "'options.minSilenceMs' must be an integer from 0 to 600000"),
        new("a misspelt voice activity option", "ACC1025", 1, 93, """
            { "task": "voice-activity-detection", "source": { "path": "silero_vad.onnx" }, "options": { "minSilenceMS": 300 } }
            """, "did you mean 'minSilenceMs'?"),
        new("variant of a misspelt precision", "ACC1025", 4, 17, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "variants": { "int9": { "path": "model.int9.onnx" } }
            }
            """, "(did you mean 'int8'?)"),
        new("normalise for normalize is an error, not a silently different result", "ACC1025", 5, 3, """
            {
              "task": "feature-extraction",
              "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" } },
              "normalise": true
            }
            """, "Unknown property 'normalise' in the manifest (did you mean 'normalize'?): as written it would be ignored"),
        new("an unknown property unlike any known one stays a warning", "ACC1004", 4, 3, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "comment": "kept for people"
            }
            """, "Unknown property 'comment' in the manifest"),
        new("variant from a package without a version", "ACC1012", 4, 38, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "variants": { "fp16": { "package": "Contoso.Models", "file": "model.fp16.onnx" } }
            }
            """, "names package 'Contoso.Models' but no \"version\""),
        new("image settings on a tensor task", "ACC1023", 4, 3, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "image": { "width": 224 }
            }
            """, "'image' has no effect for task 'tensor'"),

        // ---- columns count UTF-16 characters after non-ASCII text on the same line ----
        new("error after CJK and an emoji on the same line", "ACC1005", 1, 30,
            """{ "$schema": "模型😀", "task": 42, "source": { "path": "model.onnx" } }""", "'task' must be a string"),
        new("error after an emoji in a sample on the same line", "ACC1015", 4, 51, """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "tests": { "samples": ["🙂 ok"] }, "backends": ["gpu"]
            }
            """, "Unknown backend 'gpu'"),
    ];

    /// <summary>Case names, for <c>[MemberData]</c> (a string argument shows each case separately in test results).</summary>
    public static TheoryData<string> Names { get; } = new(All.Select(c => c.Name));

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static MalformedManifest Get(string name) => All.Single(c => c.Name == name);
}
