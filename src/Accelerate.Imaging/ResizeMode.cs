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

    /// <summary>
    /// PaddleOCR's <c>resize_norm_img</c> (text direction classifier and recogniser): keep the aspect ratio, resize to
    /// <see cref="ImagePreprocessing.Height"/> rows and <c>min(ceil(Height × w / h), Width)</c> columns, place it at the
    /// left, and fill the columns to its right with 0 <em>after</em> normalisation (not with black pixels).
    /// </summary>
    HeightThenPadRight,
}
