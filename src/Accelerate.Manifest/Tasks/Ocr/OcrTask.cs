using System.Globalization;
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
        new(Dictionary, "the recogniser's characters, one per line, in class order after the blank"),
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
        var detector = contract.Signature;
        var det = Image(contract, "/source", "the text detector", detector, channels: 3);
        if (det is not null && OnlyOutput(contract, "/source", "the text detector", detector, rank: 4) is { } detOutput && detOutput.Shape is { } map && map[1].Value is { } maps && maps != 1)
        {
            contract.Mismatch("/source", $"the text detector's output '{detOutput.Name}' is {TaskContract.Describe(detOutput)}: it has {maps} maps, expected one probability map [batch, 1, height, width]");
        }

        var height = contract.Integer("recognitionHeight");
        var recognizer = contract.Model(Recognizer);
        var rec = recognizer is null ? null : Image(contract, "/models/" + Recognizer, "the recognizer", recognizer, channels: 3);
        if (rec?.Shape is { } recShape && recShape[2].Value is { } fixedHeight && fixedHeight != height)
        {
            contract.Mismatch("/models/" + Recognizer, $"the recognizer's input '{rec!.Name}' is {TaskContract.Describe(rec)}, but options.recognitionHeight is {height.ToString(CultureInfo.InvariantCulture)} (48 for PP-OCRv3 and later, 32 for v2)");
        }
        var recOutput = recognizer is null ? null : OnlyOutput(contract, "/models/" + Recognizer, "the recognizer", recognizer, rank: 3, expected: "[batch, time, classes]");

        var classifier = contract.Model(Classifier);
        var cls = classifier is null ? null : Image(contract, "/models/" + Classifier, "the direction classifier", classifier, channels: 3);
        var clsOutput = classifier is null ? null : OnlyOutput(contract, "/models/" + Classifier, "the direction classifier", classifier, rank: 2, expected: "[batch, 2]");
        if (clsOutput?.Shape is { } classes && classes[1].Value is { } count && count != 2)
        {
            contract.Mismatch("/models/" + Classifier, $"the direction classifier's output '{clsOutput.Name}' is {TaskContract.Describe(clsOutput)}, expected [batch, 2] (0° and 180°)");
        }

        if (contract.HasErrors || det is null || rec is null || recOutput is null) return null;
        return new OcrSettings(
            det.Name, detector.Outputs[0].Name, rec.Name, recOutput.Name, cls?.Name, clsOutput?.Name,
            contract.Number("detectionThreshold"), contract.Number("boxThreshold"), contract.Number("unclipRatio"),
            contract.Integer("limitSideLength"), contract.Integer("maxCandidates"), height, contract.Integer("recognitionWidth"),
            contract.Integer("recognitionBatch"), contract.Number("classifierThreshold"), contract.Number("minScore"));
    }

    // One float image input [batch, 3, height, width].
    private static TensorSignature? Image(TaskContract contract, string path, string what, ModelSignature model, int channels)
    {
        if (model.Inputs.Count != 1 || model.Inputs[0] is not { ElementType: "float", Shape: { Count: 4 } shape } input || shape[1].Value is { } c && c != channels)
        {
            contract.Mismatch(path, $"{what} must have one float input [batch, {channels}, height, width] (inputs: {TaskContract.TensorList(model.Inputs)})");
            return null;
        }
        return input;
    }

    private static TensorSignature? OnlyOutput(TaskContract contract, string path, string what, ModelSignature model, int rank, string expected = "")
    {
        var output = model.Outputs.FirstOrDefault();
        if (output is null || output.ElementType != "float" || output.Shape is { } shape && shape.Count != rank)
        {
            contract.Mismatch(path, $"{what}'s first output must be float {(expected.Length > 0 ? expected : "of rank " + rank.ToString(CultureInfo.InvariantCulture))} (outputs: {TaskContract.TensorList(model.Outputs)})");
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
    double MinScore) : TaskSettings;
