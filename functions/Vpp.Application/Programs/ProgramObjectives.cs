namespace Vpp.Application.Programs;

/// <summary>
/// What ScheduleOptimize plans a program's devices for: shave its peak net load (the default), or minimise the energy
/// cost of its net load at the market's prices or under its time-of-use tariff (see <c>HorizonPrices</c>).
/// </summary>
public static class ProgramObjectives
{
    public const string PeakShaving = "peak-shaving";
    public const string EnergyCost = "energy-cost";

    public static bool IsKnown(string objective) => objective is PeakShaving or EnergyCost;
}
