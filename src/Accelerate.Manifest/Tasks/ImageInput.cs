using System.Globalization;
using Accelerate.Manifest.Model;

namespace Accelerate.Manifest.Tasks;

/// <summary>
/// The one image input of an image model and how images become it: the manifest's "image" settings, checked against
/// the input's shape. Shared by the image tasks.
/// </summary>
/// <param name="InputName">The input.</param>
/// <param name="BatchDynamic">Whether its batch dimension is dynamic (several images in one run).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Resize">"crop" (shorter side, then the centre), "stretch" or "pad" (to height, keep aspect, pad right).</param>
/// <param name="ResizeShorterSide">The shorter side before the crop; null for width × 256 / 224.</param>
/// <param name="Scale">Pixel bytes are multiplied by this.</param>
/// <param name="Mean">Per-channel mean, in the tensor's channel order.</param>
/// <param name="Std">Per-channel standard deviation, in the tensor's channel order.</param>
/// <param name="Bgr">Channels blue first.</param>
/// <param name="Layout">NCHW or NHWC.</param>
public sealed record ImageInput(
    string InputName,
    bool BatchDynamic,
    int Width,
    int Height,
    string Resize,
    int? ResizeShorterSide,
    double Scale,
    EquatableArray<double> Mean,
    EquatableArray<double> Std,
    bool Bgr,
    string Layout)
{
    /// <summary>Checks that <paramref name="model"/> has exactly one float image input of the manifest's size.</summary>
    public static ImageInput? Resolve(TaskContract contract, Signatures.ModelSignature model)
    {
        var image = contract.Manifest.Image ?? new ImageSettings();
        if (model.Inputs.Count != 1)
        {
            contract.Mismatch("/task", "it has " + model.Inputs.Count.ToString(CultureInfo.InvariantCulture) + " inputs; an image model has exactly one (inputs: " + TaskContract.TensorList(model.Inputs) + ")");
            return null;
        }
        var input = model.Inputs[0];
        var nchw = image.Layout == "nchw";
        if (input.ElementType != "float" || input.Shape is not { Count: 4 } shape)
        {
            contract.Mismatch("/task", $"input '{input.Name}' is {TaskContract.Describe(input)}, expected float [batch, 3, height, width] (or [batch, height, width, 3] with \"layout\": \"nhwc\")");
            return null;
        }
        var (channels, height, width) = nchw ? (shape[1], shape[2], shape[3]) : (shape[3], shape[1], shape[2]);
        if (channels.Value is { } c && c != 3)
        {
            contract.Mismatch("/image", $"input '{input.Name}' is {TaskContract.Describe(input)}: its channel dimension is {c}, not 3" + (nchw ? " (is the layout \"nhwc\"?)" : ""));
            return null;
        }
        if (height.Value is { } h && h != image.Height || width.Value is { } w && w != image.Width)
        {
            contract.Mismatch("/image", $"input '{input.Name}' is {TaskContract.Describe(input)}, but the manifest resizes images to {image.Width}×{image.Height}");
            return null;
        }
        return new ImageInput(input.Name, shape[0].Value is null, image.Width, image.Height, image.Resize,
            image.ResizeShorterSide, image.Scale, image.Mean, image.Std, image.ChannelOrder == "bgr", image.Layout.ToUpperInvariant());
    }
}
