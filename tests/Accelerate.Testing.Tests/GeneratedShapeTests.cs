using Accelerate.Runtime;
using Accelerate.Testing.Tests.Support;

namespace Accelerate.Testing.Tests;

/// <summary>
/// A test class shaped exactly as the generator emits one (spec as a static, one <c>[Fact]</c> per check × backend row,
/// display names <c>Model[backend].Check</c>), run by xunit itself rather than called from a test. The cuda row is
/// skipped with the detector's reason on machines without it: that skip is the behaviour under test, not a gap.
/// </summary>
public sealed class GeneratedShapeTests() : EmbeddingMatrixTests(Spec, Models.MiniLmTriplets)
{
    private static new readonly ModelTestSpec Spec = Models.MiniLm(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "generated-shape")).FullName);

    [Fact(DisplayName = "MiniLm[cpu].Loads")]
    public void Cpu_Loads() => Loads("cpu");

    [Fact(DisplayName = "MiniLm[cpu].MatchesSignature")]
    public void Cpu_MatchesSignature() => MatchesSignature("cpu");

    [Fact(DisplayName = "MiniLm[cpu].IsDeterministic")]
    public void Cpu_IsDeterministic() => IsDeterministic("cpu");

    [Fact(DisplayName = "MiniLm[cpu].HasUnitNorm")]
    public void Cpu_HasUnitNorm() => HasUnitNorm("cpu");

    [Fact(DisplayName = "MiniLm[cuda].Loads")]
    public void Cuda_Loads() => Loads("cuda");

    protected override IModelUnderTest Open(string backend, AccelerateSessionOptions options) =>
        ModelsUnderTest.Vectors(new MiniLmModel(options), m => m.Session, MiniLmMatrix.Samples, (m, t) => m.Embed(t), (m, ts) => m.Embed(ts), inputsAreText: true);
}
