using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;
using Vpp.Application.Dispatch;
using Vpp.Application.Telemetry;
using Vpp.Domain.Dispatch;

namespace Vpp.Functions.Tests;

/// <summary>
/// Batteries that report each product minute through ingestion, idle unless their twin's <c>dispatchEvent</c> command
/// gives a power for the interval (docs/device-twin.md), until its release time; they note every command id they see.
/// </summary>
internal sealed class FollowingBatteries(IServiceProvider services, IReadOnlyList<string> deviceIds)
{
    private readonly Dictionary<string, DateTimeOffset> next = [];
    private readonly Dictionary<string, string> lastCommand = [];
    private readonly TaskCompletionSource firstReports = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<(string DeviceId, string CommandId)> CommandsSeen { get; } = [];

    public async Task FirstReportsAsync(TimeSpan timeout) => await firstReports.Task.WaitAsync(timeout);

    public async Task RunAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var hub = services.GetRequiredService<IDeviceHub>();
        var ingestion = services.GetRequiredService<TelemetryIngestion>();
        var start = Floor(clock.GetUtcNow()) - TimeSpan.FromMinutes(2);
        foreach (var id in deviceIds)
        {
            next[id] = start;
        }

        long sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var batch = new List<TelemetryEvent>();
            foreach (var id in deviceIds)
            {
                var twin = await hub.GetTwinAsync(id, CancellationToken.None);
                var command = twin?.Desired[DispatchCommand.TwinProperty];
                if (command?["commandId"]?.GetValue<string>() is { } commandId && lastCommand.GetValueOrDefault(id) != commandId)
                {
                    lastCommand[id] = commandId;
                    CommandsSeen.Add((id, commandId));
                }

                while (next[id] + TimeSpan.FromMinutes(1) <= now)
                {
                    var at = next[id];
                    var body = string.Create(CultureInfo.InvariantCulture,
                        $"{{\"schemaVersion\":1,\"sequence\":{(long)(at - DispatchStackFixture.Origin).TotalMinutes + 1000},\"timestamp\":\"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"intervalSeconds\":60,\"deviceType\":\"battery\",\"powerKw\":{PowerAt(command, at)},\"stateOfChargePct\":80}}");
                    batch.Add(new TelemetryEvent(Encoding.UTF8.GetBytes(body), id, "0", ++sequence, now));
                    next[id] = at + TimeSpan.FromMinutes(1);
                }
            }

            if (batch.Count > 0)
            {
                await ingestion.IngestAsync(batch, CancellationToken.None);
                firstReports.TrySetResult();
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static double PowerAt(System.Text.Json.Nodes.JsonNode? command, DateTimeOffset at)
    {
        if (command is null || !DateTimeOffset.TryParse(command["planStartUtc"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var planStart) ||
            !DateTimeOffset.TryParse(command["releaseUtc"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var release) || at >= release || at < planStart)
        {
            return 0;
        }

        var index = (int)((at - planStart) / TimeSpan.FromMinutes(command["intervalMinutes"]!.GetValue<int>()));
        return command["powerKw"] is System.Text.Json.Nodes.JsonArray power && index < power.Count && power[index] is { } kw ? kw.GetValue<double>() : 0;
    }

    private static DateTimeOffset Floor(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
