using System.Globalization;

namespace Vpp.DeviceSim;

/// <summary>Command-line options of device-sim.</summary>
public sealed record SimulatorOptions
{
    public int Devices { get; init; } = 1000;

    public int IntervalSeconds { get; init; } = 60;

    /// <summary>Simulated seconds per wall second; 0 = as fast as the hub accepts ("max").</summary>
    public double Speed { get; init; } = 1;

    public int Seed { get; init; } = 1;

    public string ProgramId { get; init; } = "demo";

    public string TimeZone { get; init; } = "America/Los_Angeles";

    public string DevicePrefix { get; init; } = "sim-";

    public IReadOnlyList<(string Type, double Weight)> Mix { get; init; } = [("battery", 0.3), ("ev-charger", 0.2), ("water-heater", 0.25), ("thermostat", 0.25)];

    public string Transport { get; init; } = "local";

    public Uri Hub { get; init; } = new("http://127.0.0.1:7071/");

    public string HubName { get; init; } = "localhub.azure-devices.net";

    public string? GroupKey { get; init; }

    public Uri? RegisterApi { get; init; }

    public string? ApiToken { get; init; }

    public DateTimeOffset? ClockOrigin { get; init; }

    public DateTimeOffset? ClockWallStart { get; init; }

    /// <summary>Stop after this many wall seconds (benchmarks); null runs until stopped.</summary>
    public double? DurationSeconds { get; init; }

    public bool FollowDesired { get; init; } = true;

    public static SimulatorOptions Parse(string[] args)
    {
        var o = new SimulatorOptions
        {
            GroupKey = Environment.GetEnvironmentVariable("VPP_ENROLLMENT_GROUP_KEY"),
            ApiToken = Environment.GetEnvironmentVariable("VPP_API_TOKEN"),
        };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--devices" => o with { Devices = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--interval" => o with { IntervalSeconds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--speed" => o with { Speed = Value() is "max" ? 0 : double.Parse(args[i], CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--program" => o with { ProgramId = Value() },
                "--time-zone" => o with { TimeZone = Value() },
                "--prefix" => o with { DevicePrefix = Value() },
                "--mix" => o with { Mix = ParseMix(Value()) },
                "--transport" => o with { Transport = Value() },
                "--hub" => o with { Hub = new Uri(Value().TrimEnd('/') + "/") },
                "--hub-name" => o with { HubName = Value() },
                "--register" => o with { RegisterApi = new Uri(Value().TrimEnd('/') + "/") },
                "--clock-origin" => o with { ClockOrigin = DateTimeOffset.Parse(Value(), CultureInfo.InvariantCulture) },
                "--clock-wall-start" => o with { ClockWallStart = DateTimeOffset.Parse(Value(), CultureInfo.InvariantCulture) },
                "--duration" => o with { DurationSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--no-desired" => o with { FollowDesired = false },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }

        if (o.Transport == "iothub")
        {
            // IoT Hub's HTTPS device API has telemetry but no twin access; real devices use MQTT for twins.
            o = o with { FollowDesired = false, Hub = new Uri($"https://{o.HubName}/") };
        }

        return o;
    }

    /// <summary>"battery=3,ev-charger=2,water-heater=2,thermostat=3".</summary>
    private static List<(string, double)> ParseMix(string text) =>
        text.Split(',').Select(p => p.Split('=')).Select(p => (p[0], double.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
}
