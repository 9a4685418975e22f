namespace Accelerate.Runtime.Tests;

internal static class Vectors
{
    public static double Dot(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    public static double Norm(float[] a) => Math.Sqrt(Dot(a, a));

    public static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance, string? because = null)
    {
        var difference = MaxAbsDifference(expected, actual);
        Assert.True(difference <= tolerance, $"max |Δ| = {difference:E3} > {tolerance:E1} {because}");
    }
}
