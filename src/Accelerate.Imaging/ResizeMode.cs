namespace Accelerate.Imaging;

/// <summary>How an image is brought to the model's input size.</summary>
public enum ResizeMode
{
    /// <summary>Resize to exactly <see cref="ImagePreprocessing.Width"/>×<see cref="ImagePreprocessing.Height"/>, ignoring the aspect ratio.</summary>
    Stretch,

    /// <summary>
    /// torchvision's <c>Resize(256)</c> + <c>CenterCrop(224)</c>: keep the aspect ratio, resize so the shorter side is
    /// <see cref="ImagePreprocessing.ResizeShorterSide"/>, then cut <see cref="ImagePreprocessing.Width"/>×<see cref="ImagePreprocessing.Height"/>
    /// from the centre (padding with black where the resized image is smaller than the crop, as torchvision does).
    /// With <see cref="ImagePreprocessing.ResizeShorterSide"/> equal to the crop size this is ML.NET's <c>ResizeImages</c> default (IsoCrop, centre anchor).
    /// </summary>
    ShorterSideThenCenterCrop,
}
