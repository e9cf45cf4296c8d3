namespace Vpp.Domain.Settlement;

/// <summary>How a program estimates what a device would have drawn without the event (ADR 0027).</summary>
public enum BaselineMethod
{
    /// <summary><see cref="TenInTenBaseline"/>.</summary>
    TenInTen,

    /// <summary><see cref="HighXOfYBaseline"/>.</summary>
    HighXOfY,

    /// <summary><see cref="MeterBeforeBaseline"/>.</summary>
    MeterBefore,

    /// <summary><see cref="DeviceProfileBaseline"/>.</summary>
    DeviceMeasured,
}
