namespace Vpp.Domain.Settlement;

/// <summary>
/// The only places settlement rounds (half to even, so rounding does not drift one way over thousands of lines): metered
/// energy and committed power enter money as decimal watt-hours and watts (three decimals of kWh and kW), and each
/// statement line's amount is rounded to the cent. Every total is a sum of rounded lines, so statements, runs and journals
/// agree to the cent.
/// </summary>
public static class SettlementRounding
{
    public static decimal ToCents(decimal dollars) => Math.Round(dollars, 2, MidpointRounding.ToEven);

    /// <summary>kWh (or kW) as a decimal to the watt-hour (watt). Non-finite input is a caller's bug, not a reading.</summary>
    public static decimal ToThousandths(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "energy and power must be finite");
        }

        return Math.Round((decimal)value, 3, MidpointRounding.ToEven);
    }
}
