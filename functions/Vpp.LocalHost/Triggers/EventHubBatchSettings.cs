using System.Globalization;
using System.Text.Json;

namespace Vpp.LocalHost.Triggers;

/// <summary>How the Event Hubs trigger batches, read from the ingestion app's own host.json (extensions.eventHubs).</summary>
public sealed record EventHubBatchSettings(int MaxEventBatchSize, TimeSpan MaxWaitTime)
{
    /// <summary>The ingestion app's host.json, copied beside this program.</summary>
    public static string DefaultHostJson { get; } = Path.Combine(AppContext.BaseDirectory, "ingestion", "host.json");

    public static EventHubBatchSettings Load(string hostJson)
    {
        using var host = JsonDocument.Parse(File.ReadAllText(hostJson));
        var eventHubs = host.RootElement.GetProperty("extensions").GetProperty("eventHubs");
        return new EventHubBatchSettings(
            eventHubs.TryGetProperty("maxEventBatchSize", out var size) ? size.GetInt32() : 100,
            eventHubs.TryGetProperty("maxWaitTime", out var wait) ? TimeSpan.Parse(wait.GetString()!, CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(1));
    }
}
