namespace Vpp.Domain.Telemetry;

/// <summary>Why a telemetry message was dead-lettered instead of counted.</summary>
public enum RejectionReason
{
    None,
    MissingDeviceIdentity,
    MalformedJson,
    UnsupportedSchemaVersion,
    MissingField,
    InvalidField,
    UnknownDevice,
    DeviceTypeMismatch,
    OutOfPhysicalRange,
    TimestampInFuture,
    TimestampTooOld,
    SequenceOutsideWindow,
    OverlappingInterval,
}
