using System.Globalization;
using System.Text;

namespace Vpp.Domain.Devices;

/// <summary>
/// A device's lot for one interval of a broadcast schedule. A schedule says, per interval, what fraction of a device
/// type's rated power the fleet should draw; a device that can only be off or on at some level (a water heater's
/// element, a compressor, a charger below the 6 A minimum) runs in an interval when its draw is below the fraction of
/// that level, so a fleet draws the fraction on average without the plan naming devices. The draw is a hash of device,
/// plan and interval start: the same whenever the device asks (a restart does not flip it), unrelated across devices
/// and intervals. Devices implement it from <c>docs/device-twin.md</c>, whose test vectors the tests check.
/// </summary>
public static class DispatchDraw
{
    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>
    /// Uniform in [0, 1): FNV-1a (64-bit) of the UTF-8 text <c>deviceId|planId|intervalStartUnixSeconds</c>, mixed by
    /// SplitMix64's finaliser (FNV alone leaves the high bits of near-identical keys alike), top 53 bits over 2^53.
    /// </summary>
    public static double Uniform(string deviceId, string planId, DateTimeOffset intervalStart)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{deviceId}|{planId}|{intervalStart.ToUnixTimeSeconds()}");
        var hash = FnvOffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * FnvPrime;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EB;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Whether an on/off device runs at <paramref name="levelKw"/> to make up its share of <paramref name="targetKw"/>.</summary>
    public static bool Runs(double targetKw, double levelKw, double draw) => levelKw > 0 && draw < targetKw / levelKw;
}
