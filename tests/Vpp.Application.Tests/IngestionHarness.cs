using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Devices;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Tests;
using Vpp.TestSupport.Memory;

namespace Vpp.Application.Tests;

/// <summary>The ingestion use case wired to in-memory adapters, with helpers to build Event Hub events.</summary>
public sealed class IngestionHarness
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 30, 0, TimeSpan.Zero);
    private long nextEventSequence;

    /// <param name="now">Where the harness's clock starts (<see cref="Now"/> unless given): it only moves forward.</param>
    public IngestionHarness(ITelemetryLedgerStore? ledgers = null, DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? Now);
        Ledgers = ledgers ?? new InMemoryTelemetryLedgerStore();
        Ingestion = new TelemetryIngestion(new CachedDeviceLookup(Fleet), Ledgers, Fleet, Progress, DeadLetters, Clock, new TelemetryValidator());
    }

    public FakeTimeProvider Clock { get; }

    public InMemoryFleetStore Fleet { get; } = new();

    public InMemoryDeadLetterStore DeadLetters { get; } = new();

    public InMemoryIngestionProgressStore Progress { get; } = new();

    public ITelemetryLedgerStore Ledgers { get; }

    public TelemetryIngestion Ingestion { get; }

    public async Task<IngestionHarness> WithDevicesAsync(params DeviceRegistration[] devices)
    {
        foreach (var device in devices)
        {
            await Fleet.SaveAsync(device, CancellationToken.None);
        }

        return this;
    }

    public TelemetryEvent Event(string? deviceId, TelemetryJson body) => Event(deviceId, body.Bytes());

    public TelemetryEvent Event(string? deviceId, byte[] body) =>
        new(body, deviceId, "0", Interlocked.Increment(ref nextEventSequence), Now);

    public Task<IngestReport> IngestAsync(params TelemetryEvent[] events) => Ingestion.IngestAsync(events, CancellationToken.None);

    public async Task<IReadOnlyList<TelemetryRollup>> QuartersAsync(string deviceId) =>
        await Ledgers.ReadRollupsAsync(deviceId, RollupResolution.FifteenMinutes, Now.AddDays(-8), Now.AddDays(1), CancellationToken.None);

    public static TelemetryJson Reading(long sequence, int minutesAgo, double powerKw, double? soc = null)
    {
        var json = TelemetryJson.Valid().Sequence(sequence).At(Now.AddMinutes(-minutesAgo)).With("powerKw", powerKw);
        return soc is { } s ? json.With("stateOfChargePct", s) : json;
    }
}
