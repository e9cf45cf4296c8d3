namespace Vpp.Domain.Devices;

/// <summary>A validation failure tied to the input field at fault (JSON path style, e.g. <c>ratings.maxImportKw</c>).</summary>
public sealed record FieldError(string Field, string Message);
