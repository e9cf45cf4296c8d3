using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;

namespace Vpp.Domain.Tests.Settlement;

/// <summary>Terms, enrolments and settled events for statement tests, each starting from a plain default.</summary>
public static class SettlementBuilders
{
    public static readonly DateOnly June = new(2026, 6, 1);

    public static SettlementTerms Terms(decimal capacityPerKwMonth = 10m, decimal energyPerKwh = 1m) =>
        new(new DateOnly(2026, 1, 1), capacityPerKwMonth, energyPerKwh, BaselineRule.Default);

    /// <summary>A water heater of 8 kW: committed 4 kW on the default half of nameplate.</summary>
    public static SettlementEnrolment Enrolment(DeviceType type = DeviceType.WaterHeater, double importKw = 8, double exportKw = 0) =>
        new("dev-1", "cust-1", type, new DeviceRatings { MaxImportKw = importKw, MaxExportKw = exportKw, EnergyCapacityKwh = type == DeviceType.Battery ? 13.5 : null },
            new DateOnly(2025, 1, 1));

    public static DeviceEventSettlement Delivered(string eventId, int day, double hours, double deliveredKwh, bool isTest = false) =>
        new(eventId, June.AddDays(day - 1), DispatchEventKind.Reduce, isTest, hours, TenInTenBaseline.Method, null, deliveredKwh + 1, 1, deliveredKwh, false, null);

    public static DeviceEventSettlement OptedOut(string eventId, int day, double hours) =>
        new(eventId, June.AddDays(day - 1), DispatchEventKind.Reduce, false, hours, TenInTenBaseline.Method, null, 5, 5, 0, true, "opted out");

    public static DeviceEventSettlement WithoutBaseline(string eventId, int day, double hours) =>
        new(eventId, June.AddDays(day - 1), DispatchEventKind.Reduce, false, hours, null, "nothing", 0, 3, 0, false, "no baseline: nothing");

    public static EnrolmentStatement Settle(SettlementTerms terms, IReadOnlyList<DeviceEventSettlement> events, SettlementEnrolment? enrolment = null, decimal yearToDate = 0) =>
        MonthlySettlement.Settle(new SettlementTermsHistory([terms]), enrolment ?? Enrolment(), June, events, yearToDate);
}
