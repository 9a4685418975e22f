namespace Accelerate.Runtime.Tests;

public class SmokeTests
{
    [Fact]
    public void MiniLmModelIsExtracted() => Assert.True(new FileInfo(Accelerate.TestModels.TestModels.MiniLmModelPath).Length > 80_000_000);
}
