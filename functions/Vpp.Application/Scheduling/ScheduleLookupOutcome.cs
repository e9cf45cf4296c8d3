namespace Vpp.Application.Scheduling;

public enum ScheduleLookupOutcome
{
    Found,
    ProgramNotFound,
    ScheduleNotFound,

    /// <summary>The schedule was found, but the one device asked for has no plan in it.</summary>
    DeviceHasNoPlan,

    /// <summary>The schedule was found, but keeps no device plans to page through.</summary>
    NoDevicePlans,

    /// <summary>The plans a continuation was paging through were replanned twice since and are deleted.</summary>
    ContinuationGone,
}
