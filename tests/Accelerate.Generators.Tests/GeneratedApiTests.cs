using Accelerate.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Accelerate.Generators.Tests;

/// <summary>The public surface of generated classes, read from the compiled output's symbols.</summary>
public sealed class GeneratedApiTests
{
    private static INamedTypeSymbol Type(GeneratorRun run, string metadataName) =>
        run.Output.GetTypeByMetadataName(metadataName) ?? throw new Xunit.Sdk.XunitException($"{metadataName} was not generated.");

    private static IMethodSymbol Method(INamedTypeSymbol type, string name, params string[] parameterTypes) =>
        type.GetMembers(name).OfType<IMethodSymbol>().SingleOrDefault(m =>
            m.DeclaredAccessibility == Accessibility.Public &&
            m.Parameters.Select(p => p.Type.ToDisplayString()).SequenceEqual(parameterTypes))
        ?? throw new Xunit.Sdk.XunitException($"{type.Name} has no public {name}({string.Join(", ", parameterTypes)}).");

    private static IPropertySymbol Property(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).OfType<IPropertySymbol>().SingleOrDefault(p => p.DeclaredAccessibility == Accessibility.Public)
        ?? throw new Xunit.Sdk.XunitException($"{type.Name} has no public property {name}.");

    private static object? Constant(INamedTypeSymbol type, string name)
    {
        var field = type.GetMembers(name).OfType<IFieldSymbol>().SingleOrDefault(f => f.IsConst && f.DeclaredAccessibility == Accessibility.Public)
            ?? throw new Xunit.Sdk.XunitException($"{type.Name} has no public constant {name}.");
        return field.ConstantValue;
    }

    [Fact]
    public void MiniLm_has_embedding_methods_and_the_raw_api()
    {
        var run = BaselineModels.Run("MiniLm");
        var model = Type(run, "Search.MiniLm");
        var inputs = Type(run, "Search.MiniLmInputs");

        Assert.True(model.IsSealed);
        Assert.Contains(model.AllInterfaces, i => i.ToDisplayString() == "System.IDisposable");
        Assert.Equal("float[]", Method(model, "Embed", "string").ReturnType.ToDisplayString());
        Assert.Equal("float[][]", Method(model, "Embed", "System.Collections.Generic.IReadOnlyList<string>").ReturnType.ToDisplayString());
        Assert.Equal("int", Property(model, "Dimensions").Type.ToDisplayString());
        Assert.Equal("string", Property(model, "Backend").Type.ToDisplayString());
        Assert.Equal("Search.MiniLmOutputs", Method(model, "Run", "Search.MiniLmInputs").ReturnType.ToDisplayString());
        var create = Method(inputs, "Create", "int", "int");
        Assert.True(create.IsStatic);
        Assert.Equal(["batch", "sequence"], create.Parameters.Select(p => p.Name));
        Assert.Equal("models/MiniLm/vocab.txt", Constant(model, "VocabFile"));
        Assert.Equal(384, Constant(Type(run, "Search.MiniLmOutputs"), "Output924Dim1"));
    }

    [Fact]
    public void MiniLm_inputs_are_required_typed_tensors()
    {
        var inputs = Type(BaselineModels.Run("MiniLm"), "Search.MiniLmInputs");

        foreach (var name in new[] { "InputIds", "AttentionMask", "TokenTypeIds" })
        {
            var property = Property(inputs, name);
            Assert.True(property.IsRequired, name + " should be required");
            Assert.Equal("Accelerate.Runtime.TensorBuffer<long>", property.Type.ToDisplayString());
        }
    }

    [Fact]
    public void ResNet18_has_shape_constants_and_a_parameterless_create()
    {
        var run = BaselineModels.Run("ResNet18");
        var model = Type(run, "Search.ResNet18");
        var inputs = Type(run, "Search.ResNet18Inputs");
        var outputs = Type(run, "Search.ResNet18Outputs");

        Assert.Equal([1, 3, 224, 224], new[] { "Input247Dim0", "Input247Dim1", "Input247Dim2", "Input247Dim3" }.Select(c => Constant(inputs, c)));
        Assert.Equal([1, 512, 1, 1], new[] { "Pooling395Output0Dim0", "Pooling395Output0Dim1", "Pooling395Output0Dim2", "Pooling395Output0Dim3" }.Select(c => Constant(outputs, c)));
        Assert.Empty(Method(inputs, "Create").Parameters);
        Assert.Equal("Accelerate.Runtime.TensorBuffer<float>", Property(inputs, "Input247").Type.ToDisplayString());
        Assert.Equal("Accelerate.Runtime.TensorBuffer<float>", Property(outputs, "Pooling395Output0").Type.ToDisplayString());
        Assert.Empty(model.GetMembers("Embed"));
        Assert.Empty(model.GetMembers("VocabFile"));
        Assert.Equal(["cpu"], DefaultBackendsOf(run, "ResNet18"));
    }

    [Fact]
    public void Edge_case_names_are_sanitised_and_deduplicated()
    {
        var run = BaselineModels.Run("EdgeCases");
        var inputs = Type(run, "Search.Models.Edge.EdgeCasesInputs");
        var outputs = Type(run, "Search.Models.Edge.EdgeCasesOutputs");

        Assert.Equal("Accelerate.Runtime.TensorBuffer<Microsoft.ML.OnnxRuntime.Float16>", Property(inputs, "Input1").Type.ToDisplayString());
        Assert.Equal("Accelerate.Runtime.TensorBuffer<long>", Property(inputs, "Input1_2").Type.ToDisplayString());
        Assert.Equal("Accelerate.Runtime.TensorBuffer<bool>", Property(inputs, "Class").Type.ToDisplayString());
        Assert.Equal(["input1Dim0", "input1Dim2", "batch", "default"], Method(inputs, "Create", "int", "int", "int", "int").Parameters.Select(p => p.Name));
        Assert.Equal("Accelerate.Runtime.TensorBuffer<string>", Property(outputs, "Labels").Type.ToDisplayString());
        Assert.Equal("Accelerate.Runtime.TensorBuffer<double>", Property(outputs, "Raw").Type.ToDisplayString());
        Assert.Equal(10, Constant(outputs, "Output924Dim1"));
        // The sequence output has no typed property; Session still reaches it.
        Assert.Empty(outputs.GetMembers("ScoresSeq"));
    }

    [Fact]
    public void User_code_from_the_design_compiles_against_the_generated_classes()
    {
        const string user = """
            using Accelerate.Runtime;

            namespace Search;

            /// <summary>The journey of docs: embed texts, run an image model on raw tensors.</summary>
            public static class Usage
            {
                /// <summary>Embeds.</summary>
                public static float Embed()
                {
                    using var model = new MiniLm();
                    float[] v = model.Embed("The weather is lovely today.");
                    float[][] vs = model.Embed(["a", "b", "c"]);
                    MiniLmOutputs raw = model.Run(MiniLmInputs.Create(batch: 1, sequence: 8));
                    TensorBuffer<float> hidden = raw.LastHiddenState;
                    return v[0] + vs[2][0] + hidden.Data[0] + model.Dimensions + model.Backend.Length;
                }

                /// <summary>Classifies.</summary>
                public static long Classify(string folder)
                {
                    using var resNet = new ResNet18(folder, new AccelerateSessionOptions { IntraOpThreads = 1 });
                    var inputs = ResNet18Inputs.Create();
                    inputs.Input247.Data[0] = 1f;
                    return resNet.Run(inputs).Pooling395Output0.Shape[ResNet18Outputs.Pooling395Output0Dim1 > 0 ? 1 : 0];
                }
            }
            """;
        var run = GeneratorHarness.Run(
            GeneratorHarness.CreateDriver([
                TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest),
                TestModels.SignatureFile(TestModels.MiniLm(TestModels.ManifestPath("MiniLm.model.json"))),
                TestModels.ManifestFile("resnet18.model.json", TestModels.ResNet18Manifest),
                TestModels.SignatureFile(TestModels.ResNet18(TestModels.ManifestPath("resnet18.model.json"))),
            ]),
            GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode, user));

        run.AssertNoCrash();
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void Every_typed_run_also_fills_caller_owned_outputs()
    {
        var run = BaselineModels.Run("MiniLm");
        var model = Type(run, "Search.MiniLm");

        var callerOwned = Method(model, "Run", "Search.MiniLmInputs", "Search.MiniLmOutputs");
        Assert.True(callerOwned.ReturnsVoid);
        Assert.Equal(["inputs", "outputs"], callerOwned.Parameters.Select(p => p.Name));
        Method(Type(BaselineModels.Run("ResNet18"), "Search.ResNet18"), "Run", "Search.ResNet18Inputs", "Search.ResNet18Outputs");
    }

    [Fact]
    public void Outputs_create_exists_when_every_output_dimension_is_fixed()
    {
        var outputs = Type(BaselineModels.Run("ResNet18"), "Search.ResNet18Outputs");

        var create = Method(outputs, "Create");
        Assert.True(create.IsStatic);
        Assert.Equal("Search.ResNet18Outputs", create.ReturnType.ToDisplayString());
    }

    [Fact]
    public void Outputs_create_takes_the_inputs_parameters_when_outputs_share_their_symbolic_dimensions()
    {
        // MiniLM as a graph-optimised export declares it: [batch, sequence, 384] and [batch, 384].
        var signature = TestModels.MiniLm(TestModels.ManifestPath("MiniLm.model.json")) with
        {
            Outputs = new([TestModels.Tensor("last_hidden_state", "float", "batch", "sequence", 384L), TestModels.Tensor("pooled", "float", "batch", 384L)]),
        };
        const string user = """
            namespace Search;

            /// <summary>Fills caller-owned outputs.</summary>
            public static class Usage
            {
                /// <summary>Runs twice into the same buffers.</summary>
                public static float RunTwice(MiniLm model)
                {
                    var inputs = MiniLmInputs.Create(batch: 2, sequence: 16);
                    var outputs = MiniLmOutputs.Create(batch: 2, sequence: 16);
                    model.Run(inputs, outputs);
                    model.Run(inputs, outputs);
                    return outputs.LastHiddenState.Data[0] + outputs.Pooled.Data[0];
                }
            }
            """;
        var run = GeneratorHarness.Run(
            GeneratorHarness.CreateDriver([
                TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest),
                TestModels.SignatureFile(signature),
            ]),
            GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode, user));

        run.AssertNoCrash();
        Assert.Empty(run.CompileProblems);
        var create = Method(Type(run, "Search.MiniLmOutputs"), "Create", "int", "int");
        Assert.Equal(["batch", "sequence"], create.Parameters.Select(p => p.Name));
        var source = run.Output.SyntaxTrees.Single(t => t.FilePath.Contains("MiniLm", StringComparison.Ordinal) && t.ToString().Contains("class MiniLmOutputs", StringComparison.Ordinal)).ToString();
        Assert.Contains("LastHiddenState = global::Accelerate.Runtime.TensorBuffer<float>.Zeros(new long[] { batch, sequence, LastHiddenStateDim2 }),", source);
        Assert.Contains("Pooled = global::Accelerate.Runtime.TensorBuffer<float>.Zeros(new long[] { batch, PooledDim1 }),", source);
    }

    [Fact]
    public void Outputs_create_takes_the_output_only_dimensions_as_parameters_too()
    {
        // MiniLM's own signature: the width is a symbol of its own ('Addlast_hidden_state_dim_2') and the pooler output's
        // batch is 'Tanh924_dim_0', neither of which an input has: they become parameters after the shared batch and sequence.
        var run = BaselineModels.Run("MiniLm");

        var create = Method(Type(run, "Search.MiniLmOutputs"), "Create", "int", "int", "int", "int");
        Assert.Equal(["batch", "sequence", "lastHiddenStateDim2", "output924Dim0"], create.Parameters.Select(p => p.Name));
        Assert.Single(Type(run, "Search.MiniLmInputs").GetMembers("Create"));
    }

    [Fact]
    public void Docs_show_shapes_with_symbol_names_and_readable_names_for_unnamed_dimensions()
    {
        var source = BaselineModels.Run("MiniLm").ModelSource("MiniLm");

        Assert.Contains("/// <summary>'last_hidden_state': float [batch, sequence, dim2].</summary>", source, StringComparison.Ordinal);
        Assert.Contains("/// <summary>'924': float [dim0, 384].</summary>", source, StringComparison.Ordinal);
        Assert.DoesNotContain("_dim_", source.Split('\n').Where(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal)).Aggregate("", string.Concat), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MiniLm", "Search.MiniLmInputs")]
    [InlineData("MiniLm", "Search.MiniLmOutputs")]
    [InlineData("EdgeCases", "Search.Models.Edge.EdgeCasesInputs")]
    public void Create_docs_describe_every_parameter_by_its_name_and_list_the_shapes(string model, string typeName)
    {
        var run = BaselineModels.Run(model);
        var create = Method(Type(run, typeName), "Create", [.. ((IMethodSymbol)Type(run, typeName).GetMembers("Create").Single()).Parameters.Select(p => p.Type.ToDisplayString())]);

        var xml = System.Xml.Linq.XElement.Parse(create.GetDocumentationCommentXml()!);
        Assert.Equal(create.Parameters.Select(p => p.Name), xml.Elements("param").Select(p => (string)p.Attribute("name")!));
        Assert.All(xml.Elements("param"), p => Assert.Matches(@"^Size of the (symbolic|dynamic) dimension .+: dimension \d+ of '", p.Value));
        Assert.StartsWith("Shapes: '", xml.Element("remarks")!.Value.Trim(), StringComparison.Ordinal);
        // CS1572/CS1573 (param tags that match no parameter, parameters without one) would show up as compile problems.
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void Generated_run_checks_input_shapes_through_the_runtime_helper_with_the_declared_shapes()
    {
        var source = BaselineModels.Run("MiniLm").ModelSource("MiniLm");

        Assert.Contains("new global::Accelerate.Runtime.TensorShapeContract(\"input_ids\", new global::Accelerate.Runtime.ShapeDimension[] { global::Accelerate.Runtime.ShapeDimension.Dynamic(\"batch\", \"batch\"), global::Accelerate.Runtime.ShapeDimension.Dynamic(\"sequence\", \"sequence\") }),", source, StringComparison.Ordinal);
        // Both Run overloads check before the session runs; the check is one call, not code per input.
        Assert.Equal(2, source.Split("TensorShapeContract.ThrowIfMismatched(s_inputShapes, values, nameof(inputs));").Length - 1);
    }

    [Fact]
    public void Outputs_create_and_caller_owned_run_are_absent_with_string_outputs()
    {
        // EdgeCases has a string output, which ONNX Runtime cannot write into a caller's buffer.
        var run = BaselineModels.Run("EdgeCases");

        Assert.Empty(Type(run, "Search.Models.Edge.EdgeCasesOutputs").GetMembers("Create"));
        Assert.Single(Type(run, "Search.Models.Edge.EdgeCases").GetMembers("Run"));
    }

    [Fact]
    public void Output_emits_to_an_assembly_whose_types_reflection_can_read()
    {
        var run = BaselineModels.Run("ResNet18");
        using var stream = new MemoryStream();

        var emitted = run.Output.Emit(stream, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new System.Runtime.Loader.AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            stream.Position = 0;
            var assembly = context.LoadFromStream(stream);
            var inputs = assembly.GetType("Search.ResNet18Inputs", throwOnError: true)!;
            Assert.Equal(3, inputs.GetField("Input247Dim1")!.GetRawConstantValue());
            var model = assembly.GetType("Search.ResNet18", throwOnError: true)!;
            Assert.Equal("models/ResNet18/model.onnx", model.GetField("ModelFile")!.GetRawConstantValue());
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The DefaultBackends array initialiser's string literals.</summary>
    private static IEnumerable<string> DefaultBackendsOf(GeneratorRun run, string className)
    {
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.Contains(className, StringComparison.OrdinalIgnoreCase));
        var property = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax>()
            .Single(p => p.Identifier.Text == "DefaultBackends");
        return property.Initializer!.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax>().Select(l => l.Token.ValueText);
    }
}
