using System.Globalization;

namespace Accelerate.Imaging;

/// <summary>
/// How an image becomes a model input tensor: resize/crop to <see cref="Width"/>×<see cref="Height"/>, then for each pixel
/// byte <c>v</c> of output channel <c>c</c>: <c>((v * Scale - Mean[c]) - MeanImage[c, y, x]) / Std[c]</c>.
/// The defaults are torchvision's ImageNet recipe (<c>Resize(256)</c>, <c>CenterCrop(224)</c>, <c>ToTensor()</c>,
/// <c>Normalize(mean, std)</c>) in NCHW RGB order. Immutable by convention: do not change the arrays after use.
/// </summary>
public sealed record ImagePreprocessing
{
    /// <summary>The output width in pixels (default 224).</summary>
    public int Width { get; init; } = 224;

    /// <summary>The output height in pixels (default 224).</summary>
    public int Height { get; init; } = 224;

    /// <summary>How the decoded image is brought to <see cref="Width"/>×<see cref="Height"/> (default <see cref="ResizeMode.ShorterSideThenCenterCrop"/>).</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.ShorterSideThenCenterCrop;

    /// <summary>
    /// For <see cref="ResizeMode.ShorterSideThenCenterCrop"/>: the length the shorter image side is resized to before cropping.
    /// <see langword="null"/> (default) means <c>round(max(Width, Height) * 256 / 224)</c>, i.e. 256 for a 224 crop.
    /// Ignored by <see cref="ResizeMode.Stretch"/>.
    /// </summary>
    public int? ResizeShorterSide { get; init; }

    /// <summary>The factor applied to each 0–255 pixel byte before normalisation (default 1/255, torchvision's <c>ToTensor</c>).</summary>
    public float Scale { get; init; } = 1f / 255f;

    /// <summary>The per-channel mean subtracted after scaling, in the output tensor's channel order (BGR when <see cref="Bgr"/> is set). Default ImageNet RGB means.</summary>
    public float[] Mean { get; init; } = [0.485f, 0.456f, 0.406f];

    /// <summary>The per-channel divisor applied last, in the output tensor's channel order (BGR when <see cref="Bgr"/> is set). Default ImageNet RGB standard deviations.</summary>
    public float[] Std { get; init; } = [0.229f, 0.224f, 0.225f];

    /// <summary>Whether the output channels are blue, green, red (Caffe-style models) instead of red, green, blue (default).</summary>
    public bool Bgr { get; init; }

    /// <summary>The tensor layout: <c>"NCHW"</c> (default, shape [1, 3, H, W]) or <c>"NHWC"</c> (shape [1, H, W, 3]).</summary>
    public string Layout { get; init; } = "NCHW";

    /// <summary>
    /// An optional per-pixel mean subtracted after <see cref="Mean"/> (Caffe-style "mean image" models), laid out
    /// [3, Height, Width] in the output channel order whatever the <see cref="Layout"/>; <see langword="null"/> (default) for none.
    /// </summary>
    public float[]? MeanImage { get; init; }

    /// <summary>The shorter-side length actually used by <see cref="ResizeMode.ShorterSideThenCenterCrop"/>.</summary>
    public int EffectiveResizeShorterSide =>
        ResizeShorterSide ?? (int)Math.Round(Math.Max(Width, Height) * 256.0 / 224.0, MidpointRounding.AwayFromZero);

    /// <summary>Whether <see cref="Layout"/> is NHWC (channels last).</summary>
    internal bool ChannelsLast => string.Equals(Layout, "NHWC", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The preprocessing of a manifest's resolved image input: the same values a generated class's <c>Preprocessing</c>
    /// writes out (floats from the manifest's doubles, mean and std in the tensor's channel order).
    /// </summary>
    /// <param name="input">The image input the task's contract resolved.</param>
    public static ImagePreprocessing From(Accelerate.Manifest.Tasks.ImageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ImagePreprocessing
        {
            Width = input.Width,
            Height = input.Height,
            Resize = input.Resize switch
            {
                "stretch" => ResizeMode.Stretch,
                "pad" => ResizeMode.HeightThenPadRight,
                _ => ResizeMode.ShorterSideThenCenterCrop,
            },
            ResizeShorterSide = input.ResizeShorterSide,
            Scale = (float)input.Scale,
            Mean = input.Mean.Select(v => (float)v).ToArray(),
            Std = input.Std.Select(v => (float)v).ToArray(),
            Bgr = input.Bgr,
            Layout = input.Layout,
        };
    }

    /// <summary>Checks every setting, so a bad manifest value fails before any image is decoded.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0)
        {
            throw Invalid($"Width and Height must be positive, not {Width}×{Height}.");
        }

        if ((long)Width * Height * 3 > Array.MaxLength)
        {
            throw Invalid($"{Width}×{Height} is too large for one tensor.");
        }

        if (ResizeShorterSide is <= 0)
        {
            throw Invalid($"ResizeShorterSide must be positive, not {ResizeShorterSide}.");
        }

        if (!Enum.IsDefined(Resize))
        {
            throw Invalid($"Resize '{Resize}' is not a ResizeMode.");
        }

        if (!float.IsFinite(Scale))
        {
            throw Invalid($"Scale must be a finite number, not {Scale}.");
        }

        if (Mean is not { Length: 3 } || Std is not { Length: 3 })
        {
            throw Invalid($"Mean and Std need one value per channel (3), not {Mean?.Length ?? 0} and {Std?.Length ?? 0}.");
        }

        if (Array.Exists(Mean, v => !float.IsFinite(v)) || Array.Exists(Std, v => !float.IsFinite(v) || v == 0f))
        {
            throw Invalid($"Mean must be finite and Std finite and non-zero: Mean [{string.Join(", ", Mean)}], Std [{string.Join(", ", Std)}].");
        }

        if (!ChannelsLast && !string.Equals(Layout, "NCHW", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"Layout must be \"NCHW\" or \"NHWC\", not \"{Layout}\".");
        }

        if (MeanImage is not null && MeanImage.LongLength != 3L * Width * Height)
        {
            throw Invalid($"MeanImage must hold 3×{Height}×{Width} = {3L * Width * Height} values, not {MeanImage.LongLength}.");
        }
    }

    private static ArgumentException Invalid(FormattableString message) =>
        new($"Invalid image preprocessing: {message.ToString(CultureInfo.InvariantCulture)}", "preprocessing");
}
