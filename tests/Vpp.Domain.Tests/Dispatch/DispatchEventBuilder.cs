using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Tests.Dispatch;

/// <summary>Events for tests: a real, scheduled 40 MW reduction of the demo program's batteries unless told otherwise.</summary>
public sealed class DispatchEventBuilder
{
    public static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private string id = "ev-1";
    private string programId = "demo";
    private DateTimeOffset start = Local(2026, 7, 14, 17, 0);
    private DateTimeOffset end = Local(2026, 7, 14, 19, 0);
    private DeviceType[] types = [DeviceType.Battery];
    private string[] feeders = [];
    private DispatchNotice notice = DispatchNotice.DayAhead;
    private bool test;
    private double targetKw = 40_000;
    private DispatchEventStatus status = DispatchEventStatus.Scheduled;

    /// <summary>An instant given as Los Angeles local time.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), LosAngeles));

    public DispatchEventBuilder Id(string value) => Set(() => id = value);

    public DispatchEventBuilder Program(string value) => Set(() => programId = value);

    public DispatchEventBuilder Window(DateTimeOffset from, DateTimeOffset until) => Set(() => (start, end) = (from, until));

    public DispatchEventBuilder Types(params DeviceType[] value) => Set(() => types = value);

    public DispatchEventBuilder Feeders(params string[] value) => Set(() => feeders = value);

    public DispatchEventBuilder Notice(DispatchNotice value) => Set(() => notice = value);

    public DispatchEventBuilder Test() => Set(() => test = true);

    public DispatchEventBuilder Target(double kw) => Set(() => targetKw = kw);

    public DispatchEventBuilder Proposed() => Set(() => status = DispatchEventStatus.Proposed);

    public DispatchEventBuilder Cancelled() => Set(() => status = DispatchEventStatus.Cancelled);

    public DispatchEvent Build()
    {
        var (created, errors) = DispatchEvent.Create(id, programId, DispatchEventKind.Reduce, start, end, targetKw, types, feeders, notice, test, "Save power tonight",
            status == DispatchEventStatus.Proposed, "created by pm-1", start.AddDays(-2));
        Assert.Empty(errors);
        return status == DispatchEventStatus.Cancelled ? created!.Cancel(start.AddDays(-1), "test").Event! : created!;
    }

    private DispatchEventBuilder Set(Action set)
    {
        set();
        return this;
    }
}
