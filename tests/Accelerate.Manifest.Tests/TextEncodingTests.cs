using Accelerate.Manifest.Tests.Support;

namespace Accelerate.Manifest.Tests;

/// <summary>Byte-order marks, line endings and non-ASCII text: positions stay what an editor shows.</summary>
public sealed class TextEncodingTests
{
    private const string BrokenOnLineFour = """
        {
          "task": "tensor",
          "source": { "path": "model.onnx" },
          "backends": ["cpu", "cdua"]
        }
        """;

    [Fact]
    public void Byte_order_mark_is_accepted()
    {
        var manifest = Parsing.ParseClean("\uFEFF" + Manifests.Full);

        Assert.Equal(Parsing.ParseClean(Manifests.Full) with { Locations = manifest.Locations, ValueLocations = manifest.ValueLocations }, manifest);
    }

    [Fact]
    public void Byte_order_mark_does_not_shift_columns_of_the_first_line()
    {
        const string oneLine = """{ "task": 42, "source": { "path": "model.onnx" } }""";

        var withBom = Parsing.Single(Parsing.Parse("\uFEFF" + oneLine), "ACC1005");
        var without = Parsing.Single(Parsing.Parse(oneLine), "ACC1005");

        Assert.Equal((1, 11), without.Position());
        Assert.Equal((1, 11), withBom.Position());
        Assert.Equal(without.Location.Start + 1, withBom.Location.Start);
    }

    [Fact]
    public void Byte_order_mark_only_is_an_empty_manifest()
    {
        Assert.Equal("ACC1002", Assert.Single(Parsing.Parse("\uFEFF").Diagnostics).Id);
    }

    [Fact]
    public void Byte_order_mark_keeps_json_error_positions()
    {
        const string text = "{ \"task\": tensor }";

        var withBom = Parsing.Single(Parsing.Parse("\uFEFF" + text), "ACC1001");
        var without = Parsing.Single(Parsing.Parse(text), "ACC1001");

        Assert.Equal((1, 12), without.Position()); // System.Text.Json stops at the 'e' that breaks the literal "true"
        Assert.Equal(without.Position(), withBom.Position());
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Other_line_endings_give_the_same_lines_and_columns(string newline)
    {
        var text = BrokenOnLineFour.Replace("\n", newline, StringComparison.Ordinal);

        var diagnostic = Parsing.Single(Parsing.Parse(text), "ACC1015");

        Assert.Equal((4, 23), diagnostic.Position());
        Assert.Equal("\"cdua\"", text.Substring(diagnostic.Location.Start, diagnostic.Location.Length));
        Parsing.AssertConsistent(diagnostic.Location, text);
    }

    [Fact]
    public void Crlf_json_errors_keep_their_line_and_column()
    {
        var text = "{\r\n  \"task\": \"tensor\"\r\n  \"source\": { \"path\": \"model.onnx\" }\r\n}";

        Assert.Equal((3, 3), Parsing.Single(Parsing.Parse(text), "ACC1001").Position());
    }

    [Fact]
    public void Crlf_full_manifest_parses_like_lf()
    {
        var crlf = Parsing.ParseClean(Manifests.Full.Replace("\n", "\r\n", StringComparison.Ordinal));
        var lf = Parsing.ParseClean(Manifests.Full);

        Assert.Equal(lf with { Locations = crlf.Locations, ValueLocations = crlf.ValueLocations }, crlf);
        Assert.Equal(
            lf.Locations.Select(l => (l.Path, l.Location.Position())),
            crlf.Locations.Select(l => (l.Path, l.Location.Position())));
    }

    [Fact]
    public void Spans_cover_the_offending_token_after_surrogate_pairs()
    {
        const string text = """{ "$schema": "𝄞🙂", "task": "tensor", "source": { "path": "model.onnx" }, "pooling": "mean" }""";

        var diagnostic = Parsing.Single(Parsing.Parse(text), "ACC1023");

        Assert.Equal("\"pooling\"", text.Substring(diagnostic.Location.Start, diagnostic.Location.Length));
        Parsing.AssertConsistent(diagnostic.Location, text);
    }

    [Fact]
    public void Json_error_column_counts_characters_not_utf8_bytes()
    {
        // Each CJK character is 3 UTF-8 bytes and each emoji 4, but one or two UTF-16 columns.
        const string text = "{\n  \"$schema\": \"模型模型 🙂🙂\", \"task\": \"tensor\" \"source\": {}\n}";

        var diagnostic = Parsing.Single(Parsing.Parse(text), "ACC1001");

        Assert.Equal((2, 44), diagnostic.Position());
        Assert.Equal('"', text[diagnostic.Location.Start]);
    }
}
