using System.Globalization;
using System.Security.Cryptography;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;
using Accelerate.Manifest.Tasks;
using Accelerate.ModelFiles.Inspection;
using Accelerate.ModelFiles.Sources;

namespace Accelerate.ModelFiles;

/// <summary>A file to copy beside the application: where it is, and where it goes relative to the output folder.</summary>
/// <param name="SourcePath">The file's full path (in the packages folder, extracted into obj/, or beside the manifest).</param>
/// <param name="OutputPath">Its path under the output folder, with forward slashes (e.g. <c>models/MiniLm/model.onnx</c>).</param>
public sealed record InspectedFile(string SourcePath, string OutputPath);

/// <summary>A problem with a manifest's files: a catalogued diagnostic for the manifest property at <paramref name="PropertyPath"/>.</summary>
public sealed record InspectionProblem(DiagnosticDefinition Definition, string PropertyPath, string Message);

/// <summary>What inspecting one manifest gave.</summary>
/// <param name="Signature">The signature (null when a problem stopped it).</param>
/// <param name="SignaturePath">Where the signature file was written.</param>
/// <param name="Files">The files to copy beside the application (models, vocabulary, side files, the manifest and its signature).</param>
/// <param name="Problems">Everything wrong, in order.</param>
public sealed record ManifestInspection(ModelSignature? Signature, string SignaturePath, IReadOnlyList<InspectedFile> Files, IReadOnlyList<InspectionProblem> Problems);

/// <summary>
/// Turns a manifest into what the generator and the runtime host read: resolves every source (model, vocabulary,
/// variants, further models, side files) to a file, reads each ONNX graph's signature, checks pinned hashes, and writes
/// <c>&lt;Name&gt;.&lt;hash&gt;.signature.json</c>. Incremental: a model whose path, size and timestamp are unchanged is not read
/// again, and the signature file is only rewritten when its content changes. Used by the MSBuild tasks and the CLI.
/// </summary>
/// <param name="packageRoot">The NuGet global packages folder.</param>
/// <param name="intermediateDirectory">Where extracted resources and signatures go (obj/…/accelerate/).</param>
/// <param name="modelsFolder">The folder under the output that receives models (AccelerateModelsFolder).</param>
public sealed class ManifestInspector(string packageRoot, string intermediateDirectory, string modelsFolder = "models")
{
    private readonly ModelSourceResolver resolver = new(packageRoot, Path.Combine(intermediateDirectory, "models"));
    private List<InspectionProblem> problems = [];

    /// <summary>Where signature files go.</summary>
    public string SignatureDirectory { get; } = Path.Combine(intermediateDirectory, "signatures");

    /// <summary>Inspects one manifest (not thread-safe: one manifest at a time).</summary>
    public ManifestInspection Inspect(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(SignatureDirectory);
        problems = [];
        var files = new List<InspectedFile>();
        var signaturePath = SignaturePathOf(manifest);
        ManifestInspection Failed() => new(null, signaturePath, files, problems);
        var outputFolder = modelsFolder.TrimEnd('/', '\\') + "/" + manifest.Name + "/";
        var model = resolver.Resolve(manifest.Source, manifest.FilePath, manifest.Name + "/model.onnx");
        if (!Check(manifest, "/source", model)) return Failed();

        string? vocabFile = null;
        if (manifest.Tokenizer is { } tokenizer)
        {
            var extension = Extension(tokenizer.Vocab, ".txt");
            var vocab = resolver.Resolve(tokenizer.Vocab, manifest.FilePath, manifest.Name + "/vocab" + extension);
            if (!Check(manifest, "/tokenizer/vocab", vocab)) return Failed();
            if (!HashMatches(manifest, "/tokenizer/vocab/sha256", tokenizer.Vocab, vocab.FilePath!, () => Sha256Of(vocab.FilePath!))) return Failed();
            vocabFile = outputFolder + "vocab" + extension;
            files.Add(new InspectedFile(vocab.FilePath!, vocabFile));
        }

        var signature = Inspect(manifest, "/source", model.FilePath!, signaturePath);
        if (signature is null) return Failed();
        if (!HashMatches(manifest, "/source/sha256", manifest.Source, model.FilePath!, () => signature.Sha256)) return Failed();

        var variants = new List<VariantSignature>();
        foreach (var variant in manifest.Variants)
        {
            var variantFile = "model." + variant.Precision + ".onnx";
            var resolved = resolver.Resolve(variant.Source, manifest.FilePath, manifest.Name + "/" + variantFile);
            if (!Check(manifest, "/variants/" + variant.Precision, resolved)) return Failed();
            var inspected = Inspect(manifest, "/variants/" + variant.Precision, resolved.FilePath!, signaturePath + "." + variant.Precision);
            if (inspected is null || !HashMatches(manifest, "/variants/" + variant.Precision + "/sha256", variant.Source, resolved.FilePath!, () => inspected.Sha256)) return Failed();
            variants.Add(new VariantSignature(variant.Precision, outputFolder + variantFile, inspected.Sha256));
            files.Add(new InspectedFile(resolved.FilePath!, outputFolder + variantFile));
        }

        // Multi-model tasks: every further model is inspected like the main one, every side file hashed (and, for the
        // small files a task turns into code, read), and all of them copied beside the model.
        var definition = TaskCatalog.Find(manifest.Task);
        var roleModels = new List<RoleSignature>();
        var roleFiles = new List<RoleFile>();
        var complete = true;
        foreach (var role in manifest.Models)
        {
            var roleFile = role.Role + ".onnx";
            var path = "/models/" + role.Role;
            var resolved = resolver.Resolve(role.Source, manifest.FilePath, manifest.Name + "/" + roleFile);
            var inspected = Check(manifest, path, resolved) ? Inspect(manifest, path, resolved.FilePath!, signaturePath + "." + role.Role) : null;
            if (inspected is null || !HashMatches(manifest, path + "/sha256", role.Source, resolved.FilePath!, () => inspected.Sha256))
            {
                complete = false;
                continue;
            }
            roleModels.Add(new RoleSignature(role.Role, inspected with { ManifestPath = manifest.FilePath, ModelFile = outputFolder + roleFile }));
            files.Add(new InspectedFile(resolved.FilePath!, outputFolder + roleFile));
        }
        foreach (var file in manifest.Files)
        {
            var declared = definition?.FileRoles.FirstOrDefault(r => r.Name == file.Role);
            var name = file.Role + Extension(file.Source, declared?.Extension ?? ".txt");
            var path = "/files/" + file.Role;
            var resolved = resolver.Resolve(file.Source, manifest.FilePath, manifest.Name + "/" + name);
            if (!Check(manifest, path, resolved) || !HashMatches(manifest, path + "/sha256", file.Source, resolved.FilePath!, () => Sha256Of(resolved.FilePath!)))
            {
                complete = false;
                continue;
            }
            var lines = declared?.ReadAtBuild == true
                ? File.ReadAllLines(resolved.FilePath!).Select(l => l.TrimEnd('\r')).ToEquatableArray()
                : EquatableArray<string>.Empty;
            roleFiles.Add(new RoleFile(file.Role, outputFolder + name, Sha256Of(resolved.FilePath!), lines));
            files.Add(new InspectedFile(resolved.FilePath!, outputFolder + name));
        }
        if (!complete) return Failed();

        signature = signature with
        {
            ManifestPath = manifest.FilePath,
            ModelFile = outputFolder + "model.onnx",
            VocabFile = vocabFile,
            Variants = variants.ToEquatableArray(),
            Models = roleModels.ToEquatableArray(),
            Files = roleFiles.ToEquatableArray(),
        };
        WriteIfChanged(signaturePath, ModelSignatureJson.Write(signature));
        files.Add(new InspectedFile(model.FilePath!, signature.ModelFile));
        // The manifest and its signature go beside the model, so the runtime host can open it from the app folder alone.
        // Not as *.model.json: a publish folder inside the project would then be globbed as a second manifest.
        files.Add(new InspectedFile(manifest.FilePath, outputFolder + "manifest.json"));
        files.Add(new InspectedFile(signaturePath, outputFolder + "signature.json"));
        return new ManifestInspection(signature, signaturePath, files, problems);
    }

    /// <summary>The signature file of a manifest: <c>&lt;Name&gt;.&lt;hash of its path&gt;.signature.json</c>.</summary>
    public string SignaturePathOf(ModelManifest manifest) =>
        Path.Combine(SignatureDirectory, $"{manifest.Name}.{PathHash(manifest.FilePath)}.signature.json");

    private void Report(string propertyPath, DiagnosticDefinition definition, string message) =>
        problems.Add(new InspectionProblem(definition, propertyPath, message));

    private ModelSignature? Inspect(ModelManifest manifest, string propertyPath, string modelPath, string cachePath)
    {
        var info = new FileInfo(modelPath);
        var stampPath = cachePath + ".stamp";
        var cachedPath = cachePath + ".inspected.json";
        var stamp = string.Join("|", info.FullName, info.Length.ToString(CultureInfo.InvariantCulture), info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
        if (File.Exists(cachedPath) && File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp)
        {
            try
            {
                return ModelSignatureJson.Read(File.ReadAllText(cachedPath));
            }
            catch (FormatException)
            {
                // fall through and inspect again
            }
        }
        try
        {
            var signature = OnnxSignatureReader.Read(modelPath);
            // The raw inspection is cached on its own: the signature file the generator reads also holds the manifest's view.
            WriteIfChanged(cachedPath, ModelSignatureJson.Write(signature));
            File.WriteAllText(stampPath, stamp);
            return signature;
        }
        catch (Exception e) when (e is OnnxFormatException or IOException or UnauthorizedAccessException)
        {
            Report(propertyPath + "/" + SourceProperty(manifest, propertyPath), DiagnosticCatalog.InvalidModel, DiagnosticCatalog.InvalidModel.Format(modelPath, e is OnnxFormatException onnx ? onnx.Reason : e.Message));
            return null;
        }
    }

    private bool Check(ModelManifest manifest, string propertyPath, ResolvedSource resolved)
    {
        if (resolved.Error is not { } error) return true;
        Report(resolved.Property is { } property ? propertyPath + "/" + property : propertyPath, DiagnosticCatalog.All.First(d => d.Id == error.Id), error.Message);
        return false;
    }

    /// <summary>The property of the source at <paramref name="sourcePath"/> that names the file ("path", "file" or "resource").</summary>
    private static string SourceProperty(ModelManifest manifest, string sourcePath)
    {
        var source = sourcePath == "/source" ? manifest.Source
            : sourcePath == "/tokenizer/vocab" ? manifest.Tokenizer?.Vocab
            : manifest.Variants.FirstOrDefault(v => "/variants/" + v.Precision == sourcePath)?.Source
            ?? manifest.Models.FirstOrDefault(m => "/models/" + m.Role == sourcePath)?.Source
            ?? manifest.Files.FirstOrDefault(f => "/files/" + f.Role == sourcePath)?.Source;
        return source?.Kind switch { SourceKind.Path => "path", SourceKind.PackageFile => "file", _ => "resource" };
    }

    private bool HashMatches(ModelManifest manifest, string propertyPath, ModelSource source, string file, Func<string> actual)
    {
        if (source.Sha256 is null) return true;
        var hash = actual();
        if (hash == source.Sha256) return true;
        Report(propertyPath, DiagnosticCatalog.HashMismatch, DiagnosticCatalog.HashMismatch.Format(file, hash, source.Sha256));
        return false;
    }

    private static string Extension(ModelSource source, string fallback)
    {
        var name = source.Kind switch
        {
            SourceKind.Path => source.Path,
            SourceKind.PackageFile => source.File,
            _ => source.Resource,
        };
        var extension = Path.GetExtension(name ?? "");
        return string.IsNullOrEmpty(extension) ? fallback : extension.ToLowerInvariant();
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    private static string PathHash(string path) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path.ToLowerInvariant())))[..8].ToLowerInvariant();

    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        File.WriteAllText(path, text);
    }
}
