using Accelerate.Manifest.Tasks.Ocr;

namespace Accelerate.Imaging;

/// <summary>
/// The OCR pipeline's settings. The defaults are PaddleOCR's (tools/infer/utility.py), which its published accuracy
/// assumes; the manifest's "options" (<see cref="OcrTask"/>) set the same values.
/// </summary>
public sealed record OcrOptions
{
    /// <summary>A pixel of the detector's probability map is text above this (det_db_thresh).</summary>
    public float DetectionThreshold { get; init; } = 0.3f;

    /// <summary>A detected region is kept when the mean probability inside its box is at least this (det_db_box_thresh).</summary>
    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>How far a region's box is grown before cropping: area × ratio / perimeter (det_db_unclip_ratio).</summary>
    public float UnclipRatio { get; init; } = 1.5f;

    /// <summary>The longer image side is scaled down to at most this for detection; both sides then round to multiples of 32 (det_limit_side_len, type max).</summary>
    public int LimitSideLength { get; init; } = 960;

    /// <summary>At most this many regions of the probability map are considered (max_candidates).</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Height of the recognition input (48 for PP-OCRv3 and later, 32 for v2).</summary>
    public int RecognitionHeight { get; init; } = 48;

    /// <summary>Narrowest recognition input width; a batch is as wide as its widest line (rec_image_shape).</summary>
    public int RecognitionWidth { get; init; } = 320;

    /// <summary>Lines recognised per run, after sorting by aspect ratio (rec_batch_num).</summary>
    public int RecognitionBatch { get; init; } = 6;

    /// <summary>A line is turned 180° when the direction classifier says "180" with a score above this (cls_thresh).</summary>
    public float ClassifierThreshold { get; init; } = 0.9f;

    /// <summary>Lines whose recognition score is below this are dropped (drop_score).</summary>
    public float MinScore { get; init; } = 0.5f;

    /// <summary>The detector's input; null for the model's first.</summary>
    public string? DetectorInput { get; init; }

    /// <summary>The detector's probability map output [batch, 1, height, width]; null for the model's first.</summary>
    public string? DetectorOutput { get; init; }

    /// <summary>The recogniser's input; null for the model's first.</summary>
    public string? RecognizerInput { get; init; }

    /// <summary>The recogniser's output [batch, time, classes]; null for the model's first.</summary>
    public string? RecognizerOutput { get; init; }

    /// <summary>The direction classifier's input; null for the model's first.</summary>
    public string? ClassifierInput { get; init; }

    /// <summary>The direction classifier's output [batch, 2]; null for the model's first.</summary>
    public string? ClassifierOutput { get; init; }

    /// <summary>The options a manifest's resolved OCR settings give (what a generated class passes).</summary>
    /// <param name="settings">What <see cref="OcrTask"/> resolved.</param>
    public static OcrOptions From(OcrSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new OcrOptions
        {
            DetectionThreshold = (float)settings.DetectionThreshold,
            BoxThreshold = (float)settings.BoxThreshold,
            UnclipRatio = (float)settings.UnclipRatio,
            LimitSideLength = settings.LimitSideLength,
            MaxCandidates = settings.MaxCandidates,
            RecognitionHeight = settings.RecognitionHeight,
            RecognitionWidth = settings.RecognitionWidth,
            RecognitionBatch = settings.RecognitionBatch,
            ClassifierThreshold = (float)settings.ClassifierThreshold,
            MinScore = (float)settings.MinScore,
            DetectorInput = settings.DetectorInput,
            DetectorOutput = settings.DetectorOutput,
            RecognizerInput = settings.RecognizerInput,
            RecognizerOutput = settings.RecognizerOutput,
            ClassifierInput = settings.ClassifierInput,
            ClassifierOutput = settings.ClassifierOutput,
        };
    }

    /// <summary>Checks every setting, so a bad value fails before a model loads.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        static void Check(bool ok, string what)
        {
            if (!ok) throw new ArgumentException("Invalid OCR options: " + what, "options");
        }
        Check(DetectionThreshold is >= 0 and <= 1, $"DetectionThreshold must be in [0, 1], not {DetectionThreshold}.");
        Check(BoxThreshold is >= 0 and <= 1, $"BoxThreshold must be in [0, 1], not {BoxThreshold}.");
        Check(UnclipRatio is > 0 and <= 10, $"UnclipRatio must be in (0, 10], not {UnclipRatio}.");
        Check(LimitSideLength >= 32, $"LimitSideLength must be at least 32, not {LimitSideLength}.");
        Check(MaxCandidates >= 1, $"MaxCandidates must be positive, not {MaxCandidates}.");
        Check(RecognitionHeight >= 8 && RecognitionWidth >= 8, $"the recognition input must be at least 8×8, not {RecognitionWidth}×{RecognitionHeight}.");
        Check(RecognitionBatch >= 1, $"RecognitionBatch must be positive, not {RecognitionBatch}.");
        Check(ClassifierThreshold is >= 0 and <= 1, $"ClassifierThreshold must be in [0, 1], not {ClassifierThreshold}.");
        Check(MinScore is >= 0 and <= 1, $"MinScore must be in [0, 1], not {MinScore}.");
    }
}
