using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Vpp.Functions.Hosting;

/// <summary>
/// The app's functions as their attributes declare them: every public method with <see cref="FunctionAttribute"/> and
/// the trigger on one of its parameters. The Functions SDK reads the same attributes into <c>functions.metadata</c> at
/// build time; the local host and the authorization middleware read them here, so there is one declaration of each
/// function's route, verbs, schedule and roles.
/// </summary>
public sealed class FunctionCatalog
{
    private readonly Dictionary<string, FunctionEntry> byName;

    private FunctionCatalog(IReadOnlyList<FunctionEntry> functions)
    {
        Functions = functions;
        byName = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The functions of this app (the assembly holding this type).</summary>
    public static FunctionCatalog Instance { get; } = Load(typeof(FunctionCatalog).Assembly);

    public IReadOnlyList<FunctionEntry> Functions { get; }

    public IEnumerable<(FunctionEntry Function, HttpTriggerAttribute Trigger)> Http =>
        Functions.Where(f => f.Trigger is HttpTriggerAttribute).Select(f => (f, (HttpTriggerAttribute)f.Trigger));

    public IEnumerable<(FunctionEntry Function, TimerTriggerAttribute Trigger)> Timers =>
        Functions.Where(f => f.Trigger is TimerTriggerAttribute).Select(f => (f, (TimerTriggerAttribute)f.Trigger));

    public FunctionEntry? Find(string name) => byName.GetValueOrDefault(name);

    public static FunctionCatalog Load(Assembly assembly) =>
        new([.. assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null)
            .Select(x => FunctionEntry.Of(x.Function!.Name, x.Method))
            .OrderBy(f => f.Name, StringComparer.Ordinal)]);
}
