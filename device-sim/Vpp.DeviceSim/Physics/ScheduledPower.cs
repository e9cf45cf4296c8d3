using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Physics;

/// <summary>One interval of a followed schedule: the type's fraction of rated power and this device's <see cref="DispatchDraw"/>.</summary>
internal readonly record struct ScheduledPower(double Fraction, double Draw)
{
    /// <summary>Whether an on/off device runs in the interval: about <see cref="Fraction"/> of a fleet does.</summary>
    public bool RunsOnOff => DispatchDraw.Runs(Fraction, 1, Draw);
}
