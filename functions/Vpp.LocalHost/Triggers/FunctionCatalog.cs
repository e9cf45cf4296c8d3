using System.Text.Json;

namespace Vpp.LocalHost.Triggers;

/// <summary>The function app as the Functions host sees it: host.json plus one folder per function with its function.json.</summary>
public sealed record FunctionCatalog(JsonElement Host, IReadOnlyList<FunctionDefinition> Functions)
{
    public static FunctionCatalog Load(string appRoot)
    {
        var hostFile = Path.Combine(appRoot, "host.json");
        if (!File.Exists(hostFile))
        {
            throw new FileNotFoundException($"No host.json in {appRoot}.", hostFile);
        }

        using var host = JsonDocument.Parse(File.ReadAllText(hostFile));
        var functions = Directory.GetDirectories(appRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(d =>
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json")));
                var trigger = doc.RootElement.GetProperty("bindings").EnumerateArray()
                    .First(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
                return new FunctionDefinition(Path.GetFileName(d), trigger.GetProperty("type").GetString()!, trigger.Clone());
            })
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        return new FunctionCatalog(host.RootElement.Clone(), functions);
    }

    /// <summary>A host.json extension setting, e.g. ("eventHubs", "maxEventBatchSize").</summary>
    public JsonElement? Extension(string extension, string setting) =>
        Host.TryGetProperty("extensions", out var ext) && ext.TryGetProperty(extension, out var section) && section.TryGetProperty(setting, out var value)
            ? value
            : null;
}
