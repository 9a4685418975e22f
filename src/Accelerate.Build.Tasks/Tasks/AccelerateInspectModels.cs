using System.Globalization;
using System.Security.Cryptography;
using Accelerate.Build.Tasks.Inspection;
using Accelerate.Build.Tasks.Sources;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;
using Accelerate.Manifest.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// For each manifest: resolves the model (and vocabulary) source to a file, reads the ONNX graph signature,
/// writes <c>&lt;Name&gt;.&lt;hash&gt;.signature.json</c> for the generator, and returns the files to copy beside the app.
/// Incremental: a model whose path, size and timestamp are unchanged is not read again, and a signature file
/// is only rewritten when its content changes (so the compiler sees no change either).
/// </summary>
public sealed class AccelerateInspectModels : ManifestTask
{
    /// <summary>The global packages folder ($(NuGetPackageRoot)).</summary>
    [Required]
    public string PackageRoot { get; set; } = "";

    /// <summary>Folder for extracted models and signature files (obj/…/accelerate/).</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>Folder under the app's output that receives models (default "models").</summary>
    public string ModelsFolder { get; set; } = "models";

    /// <summary>Files to copy to the output: item = source file, metadata Link = path under the output folder.</summary>
    [Output]
    public ITaskItem[] ModelFiles { get; set; } = [];

    /// <summary>Signature files for the generator (AdditionalFiles).</summary>
    [Output]
    public ITaskItem[] SignatureFiles { get; set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var signatureDirectory = Path.Combine(IntermediateDirectory, "signatures");
        Directory.CreateDirectory(signatureDirectory);
        var resolver = new ModelSourceResolver(PackageRoot, Path.Combine(IntermediateDirectory, "models"));
        var modelFiles = new List<ITaskItem>();
        var signatureFiles = new List<ITaskItem>();

        // As in the generator, the first manifest by path owns a name; the others get ACC1022 from the generator
        // and are skipped here so they never share models/<Name>/ with it.
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifest in ValidManifests().OrderBy(m => m.FilePath, StringComparer.Ordinal))
        {
            if (!names.Add(manifest.Name)) continue;
            var outputFolder = ModelsFolder.TrimEnd('/', '\\') + "/" + manifest.Name + "/";
            var model = resolver.Resolve(manifest.Source, manifest.FilePath, manifest.Name + "/model.onnx");
            if (!Check(manifest, "/source", model)) continue;

            string? vocabFile = null;
            if (manifest.Tokenizer is { } tokenizer)
            {
                var extension = Extension(tokenizer.Vocab, ".txt");
                var vocab = resolver.Resolve(tokenizer.Vocab, manifest.FilePath, manifest.Name + "/vocab" + extension);
                if (!Check(manifest, "/tokenizer/vocab", vocab)) continue;
                if (!HashMatches(manifest, "/tokenizer/vocab/sha256", tokenizer.Vocab, vocab.FilePath!, () => Sha256Of(vocab.FilePath!))) continue;
                vocabFile = outputFolder + "vocab" + extension;
                modelFiles.Add(CopyItem(vocab.FilePath!, vocabFile, manifest));
            }

            var signaturePath = Path.Combine(signatureDirectory, $"{manifest.Name}.{PathHash(manifest.FilePath)}.signature.json");
            var signature = Inspect(manifest, "/source", model.FilePath!, signaturePath);
            if (signature is null) continue;
            if (!HashMatches(manifest, "/source/sha256", manifest.Source, model.FilePath!, () => signature.Sha256)) continue;

            var variants = new List<VariantSignature>();
            foreach (var variant in manifest.Variants)
            {
                var variantFile = "model." + variant.Precision + ".onnx";
                var resolved = resolver.Resolve(variant.Source, manifest.FilePath, manifest.Name + "/" + variantFile);
                if (!Check(manifest, "/variants/" + variant.Precision, resolved)) continue;
                var inspected = Inspect(manifest, "/variants/" + variant.Precision, resolved.FilePath!, signaturePath + "." + variant.Precision);
                if (inspected is null || !HashMatches(manifest, "/variants/" + variant.Precision + "/sha256", variant.Source, resolved.FilePath!, () => inspected.Sha256)) continue;
                variants.Add(new VariantSignature(variant.Precision, outputFolder + variantFile, inspected.Sha256));
                modelFiles.Add(CopyItem(resolved.FilePath!, outputFolder + variantFile, manifest));
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
                modelFiles.Add(CopyItem(resolved.FilePath!, outputFolder + roleFile, manifest));
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
                modelFiles.Add(CopyItem(resolved.FilePath!, outputFolder + name, manifest));
            }
            if (!complete) continue;

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
            modelFiles.Add(CopyItem(model.FilePath!, signature.ModelFile, manifest));
            // The manifest and its signature go beside the model, so the runtime host can open it from the app folder alone.
            // Not as *.model.json: a publish folder inside the project would then be globbed as a second manifest.
            modelFiles.Add(CopyItem(manifest.FilePath, outputFolder + "manifest.json", manifest));
            modelFiles.Add(CopyItem(signaturePath, outputFolder + "signature.json", manifest));
            signatureFiles.Add(new TaskItem(signaturePath));
        }

        // Signatures of manifests that were deleted or renamed must not keep generating classes.
        foreach (var stale in Directory.EnumerateFiles(signatureDirectory, "*.signature.json")
                     .Where(f => !signatureFiles.Any(s => string.Equals(s.ItemSpec, f, StringComparison.OrdinalIgnoreCase))))
        {
            File.Delete(stale);
        }

        ModelFiles = modelFiles.ToArray();
        SignatureFiles = signatureFiles.ToArray();
        return !Log.HasLoggedErrors;
    }

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
            Report(manifest, propertyPath + "/" + SourceProperty(manifest, propertyPath), DiagnosticCatalog.InvalidModel.Id, DiagnosticCatalog.InvalidModel.Format(modelPath, e is OnnxFormatException onnx ? onnx.Reason : e.Message));
            return null;
        }
    }

    private bool Check(ModelManifest manifest, string propertyPath, ResolvedSource resolved)
    {
        if (resolved.Error is not { } error) return true;
        Report(manifest, resolved.Property is { } property ? propertyPath + "/" + property : propertyPath, error.Id, error.Message);
        return false;
    }

    /// <summary>The property of the source at <paramref name="sourcePath"/> that names the file ("path", "file" or "resource").</summary>
    private static string SourceProperty(ModelManifest manifest, string sourcePath)
    {
        var source = sourcePath == "/source" ? manifest.Source
            : sourcePath == "/tokenizer/vocab" ? manifest.Tokenizer?.Vocab
            : manifest.Variants.FirstOrDefault(v => "/variants/" + v.Precision == sourcePath)?.Source;
        return source?.Kind switch { SourceKind.Path => "path", SourceKind.PackageFile => "file", _ => "resource" };
    }

    private bool HashMatches(ModelManifest manifest, string propertyPath, ModelSource source, string file, Func<string> actual)
    {
        if (source.Sha256 is null) return true;
        var hash = actual();
        if (hash == source.Sha256) return true;
        Report(manifest, propertyPath, DiagnosticCatalog.HashMismatch.Id, DiagnosticCatalog.HashMismatch.Format(file, hash, source.Sha256));
        return false;
    }

    private static ITaskItem CopyItem(string source, string link, ModelManifest manifest)
    {
        var item = new TaskItem(source);
        item.SetMetadata("Link", link.Replace('/', Path.DirectorySeparatorChar));
        item.SetMetadata("AccelerateManifest", manifest.FilePath);
        item.SetMetadata("AccelerateModelName", manifest.Name);
        return item;
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
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string PathHash(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path.ToLowerInvariant())))[..8];

    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        File.WriteAllText(path, text);
    }
}
