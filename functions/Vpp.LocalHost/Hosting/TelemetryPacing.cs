namespace Vpp.LocalHost.Hosting;

/// <summary>
/// How often the simulated devices report when the clock runs fast. Azurite, not the handler, bounds the local stack:
/// each device's messages in a delivery are one ledger transaction, so a fleet reporting once per delivery costs a
/// storage request per device. On the two-core development machine that sustains about 500 devices' messages a second
/// of real time next to the timers (at 667 a second and a clock sixty times fast, ingestion fell behind the three
/// intervals that count a device online often enough for a third of the fleet to flicker offline); beyond it the lag
/// grows until every device looks offline. The default interval stretches (in whole minutes, within a program's
/// one-hour limit) to stay under that rate.
/// </summary>
public static class TelemetryPacing
{
    public const double SustainableMessagesPerSecond = 500;
    public const int BaseIntervalSeconds = 60;
    public const int MaxIntervalSeconds = 3600;

    public static int DefaultIntervalSeconds(int devices, double speed)
    {
        var minutes = Math.Ceiling(MessagesPerSecond(devices, BaseIntervalSeconds, speed) / SustainableMessagesPerSecond);
        return (int)Math.Min(MaxIntervalSeconds, BaseIntervalSeconds * Math.Max(1, minutes));
    }

    /// <summary>Messages a second of real time that <paramref name="devices"/> reporting every <paramref name="intervalSeconds"/> of simulated time send.</summary>
    public static double MessagesPerSecond(int devices, int intervalSeconds, double speed) => devices * speed / intervalSeconds;
}
