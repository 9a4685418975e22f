using System.Runtime.InteropServices;

namespace Accelerate.Imaging.Internal;

internal static class MemoryMarshalHelpers
{
    /// <summary>Views RGBA bytes as one 32-bit value per pixel (the byte order is kept, whatever the endianness).</summary>
    public static Span<uint> AsPixels(byte[] rgba) => MemoryMarshal.Cast<byte, uint>(rgba.AsSpan());
}
