using System.Reflection;

namespace Accelerate.Runtime;

/// <summary>
/// Every <see cref="IRuntimeTask"/> this process can run: found in Accelerate.Runtime and in the task packages that are
/// present beside it (Accelerate.Imaging for image tasks, Accelerate.Audio for audio tasks). A task folder adds its
/// runtime task by existing; nothing is registered by hand.
/// </summary>
public static class RuntimeTaskCatalog
{
    /// <summary>The assemblies that hold task pipelines, besides this one.</summary>
    private static readonly string[] TaskAssemblies = ["Accelerate.Imaging", "Accelerate.Audio"];

    private static readonly Lazy<IReadOnlyDictionary<string, IRuntimeTask>> Tasks = new(Discover);

    /// <summary>The runtime tasks by manifest task name.</summary>
    public static IReadOnlyDictionary<string, IRuntimeTask> All => Tasks.Value;

    /// <summary>The runtime task for <paramref name="task"/>, or null when no loaded package implements it.</summary>
    public static IRuntimeTask? Find(string task) => All.TryGetValue(task, out var found) ? found : null;

    private static IReadOnlyDictionary<string, IRuntimeTask> Discover()
    {
        var assemblies = new List<Assembly> { typeof(RuntimeTaskCatalog).Assembly };
        foreach (var name in TaskAssemblies)
        {
            try
            {
                assemblies.Add(Assembly.Load(new AssemblyName(name)));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // The package is not referenced by this application: its tasks are not available.
            }
        }

        var tasks = new Dictionary<string, IRuntimeTask>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            if (type.IsClass && !type.IsAbstract && typeof(IRuntimeTask).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
            {
                var task = (IRuntimeTask)Activator.CreateInstance(type)!;
                tasks[task.Name] = task;
            }
        }

        return tasks;
    }
}
