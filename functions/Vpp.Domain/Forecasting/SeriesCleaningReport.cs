namespace Vpp.Domain.Forecasting;

/// <summary>What cleaning did to a history, so a forecaster can see how messy the input was.</summary>
public sealed record SeriesCleaningReport(
    int InputPoints,
    int DuplicateInstants,
    int NonFiniteValues,
    int StuckValues,
    int MissingIntervals,
    int Intervals);
