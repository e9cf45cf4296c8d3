namespace Vpp.LocalHost.Hosting;

/// <summary>How to run the local stack.</summary>
public sealed record LocalRunnerOptions
{
    /// <summary>Public port (the Functions host's usual local port); 0 picks a free one.</summary>
    public int Port { get; init; } = 7071;

    public double Speed { get; init; } = 1;

    /// <summary>Where Azurite data and development secrets live; null keeps storage in memory.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>An Azurite already running (tests share one); null starts one, and another for the telemetry ledger.</summary>
    public string? Storage { get; init; }

    /// <summary>The telemetry ledger's account (ADR 0032); null: its own Azurite when the stack starts one, else <see cref="Storage"/>.</summary>
    public string? TelemetryStorage { get; init; }

    public LocalSecrets Secrets { get; init; } = LocalSecrets.Generate();

    /// <summary>The ingestion app's host.json, whose Event Hubs batch settings the local trigger follows.</summary>
    public string IngestionHostJson { get; init; } = Triggers.EventHubBatchSettings.DefaultHostJson;

    public DateTimeOffset? ClockOrigin { get; init; }

    /// <summary>The wall-clock instant the clock read <see cref="ClockOrigin"/> at; null for when the stack starts. A restart that gives both keeps the clock.</summary>
    public DateTimeOffset? ClockWallStart { get; init; }

    /// <summary>Registrations that replace the stack's own (benchmarks instrument a store with it); null for none.</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ServiceOverrides { get; init; }

    /// <summary>Whether to drive the timer triggers and the simulated weather feed they forecast with (tests of ingestion alone turn them off).</summary>
    public bool RunTimers { get; init; } = true;

    /// <summary>Events the local Event Hub buffers per partition before devices are throttled (429).</summary>
    public int EventHubCapacityPerPartition { get; init; } = 50_000;

    public string DefaultProgramId { get; init; } = "demo";

    public string DefaultProgramTimeZone { get; init; } = "America/Los_Angeles";

    public int DefaultProgramIntervalSeconds { get; init; } = 60;

    /// <summary>The built portal (<c>portal/dist</c>), served at <c>/portal/</c>; none when it has not been built.</summary>
    public string? PortalDirectory { get; init; } = Path.Combine(RepositoryRoot.Find(), "portal", "dist");
}
