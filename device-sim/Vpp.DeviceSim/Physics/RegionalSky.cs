namespace Vpp.DeviceSim.Physics;

/// <summary>
/// The cloud over the simulated program's region, shared by every home in it, as real weather is: spells of clear and
/// overcast sky that change over half days, with passing cloud hour to hour. A deterministic function of time (no
/// state, no seed), so the simulator's homes and the local weather provider see the same sky in separate processes;
/// the provider's forecast of it errs more the further ahead it looks.
/// </summary>
public static class RegionalSky
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The share of the sky under cloud at <paramref name="t"/>, 0 to 1.</summary>
    public static double CloudCoverFraction(DateTimeOffset t)
    {
        var hours = (t - Epoch).TotalHours;
        // Square-rooted, the spells lean cloudy: the mean sky lets through about two thirds of clear-sky sunshine.
        var spell = Math.Sqrt(Smooth(hours / 12, stream: 1));
        var passing = Smooth(hours, stream: 2) - 0.5;
        return Math.Clamp(spell + (0.3 * passing), 0, 1);
    }

    /// <summary>
    /// What a provider issuing a forecast at <paramref name="issuedUtc"/> says the cover at <paramref name="t"/> will
    /// be: the truth for hours already past, then an error that grows with the lead time (about 0.1 a few hours out,
    /// 0.25 two days out), the same for the same issue and hour.
    /// </summary>
    public static double ForecastCloudCoverFraction(DateTimeOffset t, DateTimeOffset issuedUtc)
    {
        var truth = CloudCoverFraction(t);
        var leadHours = (t - issuedUtc).TotalHours;
        if (leadHours <= 0)
        {
            return truth;
        }

        // A sum of three uniforms: bell-shaped, bounded, centred.
        var key = (long)Math.Floor((t - Epoch).TotalHours) * 100_003 + (long)Math.Floor((issuedUtc - Epoch).TotalHours);
        var error = Noise(key, 3) + Noise(key, 4) + Noise(key, 5) - 1.5;
        return Math.Clamp(truth + (error * (0.15 + (0.005 * leadHours))), 0, 1);
    }

    /// <summary>Value noise: a random value per whole <paramref name="x"/>, eased between them.</summary>
    private static double Smooth(double x, ulong stream)
    {
        var knot = Math.Floor(x);
        var f = x - knot;
        var eased = f * f * (3 - (2 * f));
        return Noise((long)knot, stream) + ((Noise((long)knot + 1, stream) - Noise((long)knot, stream)) * eased);
    }

    /// <summary>SplitMix64 of the knot and stream, as a fraction in [0, 1).</summary>
    private static double Noise(long knot, ulong stream)
    {
        var z = unchecked(((ulong)knot * 0x9E3779B97F4A7C15UL) + (stream * 0xD1B54A32D192ED03UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
