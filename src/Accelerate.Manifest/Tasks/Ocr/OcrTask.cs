using System.Globalization;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Signatures;

namespace Accelerate.Manifest.Tasks.Ocr;

/// <summary>
/// Text in images, PaddleOCR's way: a DB text detector ("source"), an optional 0°/180° direction classifier and a CTC
/// text recogniser ("models"), and the recogniser's character dictionary ("files"). Returns lines with text, score and
/// box. The options default to PaddleOCR's (Python) defaults, which its published results assume.
/// </summary>
public sealed class OcrTask : TaskDefinition
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "ocr";

    /// <summary>The recognition model's role.</summary>
    public const string Recognizer = "recognizer";

    /// <summary>The direction classifier's role.</summary>
    public const string Classifier = "classifier";

    /// <summary>The character dictionary's role.</summary>
    public const string Dictionary = "dictionary";

    /// <inheritdoc />
    public override string Name => TaskName;

    /// <inheritdoc />
    public override TaskModality Modality => TaskModality.Image;

    /// <inheritdoc />
    public override string Summary => "Text lines in an image: Read(path | stream) → lines with text, score and box (detection → direction classification → recognition).";

    /// <inheritdoc />
    public override IReadOnlyList<string> Settings { get; } = [ManifestSettings.Options, ManifestSettings.Models, ManifestSettings.Files];

    /// <inheritdoc />
    public override IReadOnlyList<string> TestSettings { get; } = [TestSettingNames.Samples];

    /// <inheritdoc />
    public override IReadOnlyList<ModelRole> ModelRoles { get; } =
    [
        new(Recognizer, "the text recognition model: float [batch, 3, height, width] → [batch, time, classes], CTC with the blank first"),
        new(Classifier, "the 0°/180° text direction classifier: float [batch, 3, 48, 192] → [batch, 2]", Required: false),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<FileRole> FileRoles { get; } =
    [
        // Read at build time: the contract checks the recogniser's class count against its lines (ACC3015).
        new(Dictionary, "the recogniser's characters, one per line, in class order after the blank", ReadAtBuild: true),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<TaskOption> Options { get; } =
    [
        new("detectionThreshold", TaskOptionKind.Number, "0.3", "A pixel of the detector's probability map is text above this (det_db_thresh).") { Minimum = 0, Maximum = 1 },
        new("boxThreshold", TaskOptionKind.Number, "0.6", "A detected box is kept when its mean probability is above this (det_db_box_thresh).") { Minimum = 0, Maximum = 1 },
        new("unclipRatio", TaskOptionKind.Number, "1.5", "How far a detected box is grown before cropping (det_db_unclip_ratio).") { Minimum = 0.1, Maximum = 10 },
        new("limitSideLength", TaskOptionKind.Integer, "960", "The longer image side is scaled down to at most this for detection, then both sides to multiples of 32 (det_limit_side_len, type max).") { Minimum = 32, Maximum = 8192 },
        new("maxCandidates", TaskOptionKind.Integer, "1000", "At most this many detected regions are considered (max_candidates).") { Minimum = 1, Maximum = 100000 },
        new("recognitionHeight", TaskOptionKind.Integer, "48", "Height line crops are resized to for recognition: 48 for PP-OCRv3 and later, 32 for v2 (rec_image_shape).") { Minimum = 8, Maximum = 512 },
        new("recognitionWidth", TaskOptionKind.Integer, "320", "Narrowest recognition input; wider lines keep their aspect (rec_image_shape).") { Minimum = 8, Maximum = 8192 },
        new("recognitionBatch", TaskOptionKind.Integer, "6", "Lines recognised per run, sorted by aspect ratio (rec_batch_num).") { Minimum = 1, Maximum = 256 },
        new("classifierThreshold", TaskOptionKind.Number, "0.9", "A line is turned 180° when the classifier says so with more than this (cls_thresh).") { Minimum = 0, Maximum = 1 },
        new("minScore", TaskOptionKind.Number, "0.5", "Lines whose recognition score is below this are dropped (drop_score).") { Minimum = 0, Maximum = 1 },
    ];

    /// <inheritdoc />
    public override TaskSettings? Resolve(TaskContract contract)
    {
        var manifest = contract.Manifest;
        var detector = contract.Signature;
        var detSource = manifest.Source.Describe();
        var det = Image(contract, "/source", "text detector", detSource, detector);
        var detOutput = Output(contract, "/source", "text detector", detSource, detector, rank: 4, "one float probability map [batch, 1, height, width]");
        if (detOutput?.Shape is { } map && map[1].Value is { } maps && maps != 1)
        {
            Mismatch(contract, "/source", "text detector", detSource, $"has output '{detOutput.Name}' {TaskContract.Describe(detOutput)} with {maps.ToString(CultureInfo.InvariantCulture)} maps", "one float probability map [batch, 1, height, width]");
            detOutput = null;
        }

        var height = contract.Integer("recognitionHeight");
        var recognizer = contract.Model(Recognizer);
        var recSource = SourceOf(manifest, Recognizer);
        var rec = recognizer is null ? null : Image(contract, "/models/" + Recognizer, "recognizer", recSource, recognizer);
        if (rec?.Shape is { } recShape && recShape[2].Value is { } fixedHeight && fixedHeight != height)
        {
            Mismatch(contract, "/models/" + Recognizer, "recognizer", recSource,
                $"has input '{rec.Name}' {TaskContract.Describe(rec)}, but options.recognitionHeight is {height.ToString(CultureInfo.InvariantCulture)}",
                $"height {fixedHeight.ToString(CultureInfo.InvariantCulture)} in options.recognitionHeight (48 for PP-OCRv3 and later, 32 for v2)");
            rec = null;
        }
        var recOutput = recognizer is null ? null : Output(contract, "/models/" + Recognizer, "recognizer", recSource, recognizer, rank: 3, "float CTC probabilities [batch, time, classes]");

        var dictionary = contract.File(Dictionary);
        var dictionarySize = dictionary?.Lines.Count ?? 0;
        if (recOutput?.Shape is { } classesShape && classesShape[2].Value is { } classes && dictionary is not null && classes != dictionarySize + 2)
        {
            contract.Report(DiagnosticCatalog.OcrDictionaryMismatch, "/files/" + Dictionary, manifest.Name, recSource, recOutput.Name, TaskContract.Describe(recOutput),
                SourceOf(manifest, Dictionary, files: true), dictionarySize.ToString(CultureInfo.InvariantCulture), (dictionarySize + 2).ToString(CultureInfo.InvariantCulture));
        }

        var classifier = contract.Model(Classifier);
        var clsSource = SourceOf(manifest, Classifier);
        var cls = classifier is null ? null : Image(contract, "/models/" + Classifier, "direction classifier", clsSource, classifier);
        if (cls?.Shape is { } clsShape && (clsShape[2].Value is { } h && h != 48 || clsShape[3].Value is { } w && w != 192))
        {
            Mismatch(contract, "/models/" + Classifier, "direction classifier", clsSource, $"has input '{cls.Name}' {TaskContract.Describe(cls)}", "float [batch, 3, 48, 192] (PaddleOCR's cls_image_shape)");
        }
        var clsOutput = classifier is null ? null : Output(contract, "/models/" + Classifier, "direction classifier", clsSource, classifier, rank: 2, "float [batch, 2] (0° and 180°)");
        if (clsOutput?.Shape is { } twoClasses && twoClasses[1].Value is { } count && count != 2)
        {
            Mismatch(contract, "/models/" + Classifier, "direction classifier", clsSource, $"has output '{clsOutput.Name}' {TaskContract.Describe(clsOutput)}", "float [batch, 2] (0° and 180°)");
        }

        if (contract.HasErrors || det is null || detOutput is null || rec is null || recOutput is null || dictionary is null) return null;
        return new OcrSettings(
            det.Name, detOutput.Name, rec.Name, recOutput.Name, cls?.Name, clsOutput?.Name,
            contract.Number("detectionThreshold"), contract.Number("boxThreshold"), contract.Number("unclipRatio"),
            contract.Integer("limitSideLength"), contract.Integer("maxCandidates"), height, contract.Integer("recognitionWidth"),
            contract.Integer("recognitionBatch"), contract.Number("classifierThreshold"), contract.Number("minScore"))
        {
            RecognizerFile = recognizer!.ModelFile,
            ClassifierFile = classifier?.ModelFile,
            DictionaryFile = dictionary.File,
            DictionarySize = dictionarySize,
        };
    }

    private static string SourceOf(Model.ModelManifest manifest, string role, bool files = false) =>
        (files ? manifest.Files : manifest.Models).FirstOrDefault(m => m.Role == role)?.Source.Describe() ?? "none";

    // ACC3016 at the model's manifest property.
    private static void Mismatch(TaskContract contract, string path, string role, string source, string what, string expected) =>
        contract.Report(DiagnosticCatalog.OcrModelMismatch, path, contract.Manifest.Name, role, source, what, expected);

    // One float image input [batch, 3, height, width].
    private static TensorSignature? Image(TaskContract contract, string path, string role, string source, ModelSignature model)
    {
        if (model.Inputs.Count != 1 || model.Inputs[0] is not { ElementType: "float", Shape: { Count: 4 } shape } input || shape[1].Value is { } c && c != 3)
        {
            Mismatch(contract, path, role, source, "has inputs " + TaskContract.TensorList(model.Inputs), "one float image input [batch, 3, height, width]");
            return null;
        }
        return input;
    }

    private static TensorSignature? Output(TaskContract contract, string path, string role, string source, ModelSignature model, int rank, string expected)
    {
        var output = model.Outputs.FirstOrDefault();
        if (output is null || output.ElementType != "float" || output.Shape is { } shape && shape.Count != rank)
        {
            Mismatch(contract, path, role, source, "has outputs " + (model.Outputs.Count == 0 ? "none" : TaskContract.TensorList(model.Outputs)), expected + " as its first output");
            return null;
        }
        return output;
    }
}

/// <summary>What an OCR pipeline needs: the three models' tensor names and PaddleOCR's settings.</summary>
public sealed record OcrSettings(
    string DetectorInput,
    string DetectorOutput,
    string RecognizerInput,
    string RecognizerOutput,
    string? ClassifierInput,
    string? ClassifierOutput,
    double DetectionThreshold,
    double BoxThreshold,
    double UnclipRatio,
    int LimitSideLength,
    int MaxCandidates,
    int RecognitionHeight,
    int RecognitionWidth,
    int RecognitionBatch,
    double ClassifierThreshold,
    double MinScore) : TaskSettings
{
    /// <summary>The recogniser's file, relative to the application folder (the build copies it there).</summary>
    public string RecognizerFile { get; init; } = "";

    /// <summary>The direction classifier's file, relative to the application folder; null when the manifest names none.</summary>
    public string? ClassifierFile { get; init; }

    /// <summary>The character dictionary's file, relative to the application folder.</summary>
    public string DictionaryFile { get; init; } = "";

    /// <summary>How many characters the dictionary has (the recogniser has this many + 2 classes).</summary>
    public int DictionarySize { get; init; }
}
