import protobuf from 'protobufjs';
import { checkProtoDepth } from './depth';

/**
 * The part of the OTLP logs protocol Ensemble reads (opentelemetry-proto, logs/v1 and the
 * collector service), as protobufjs schema text. Field numbers follow the published .proto.
 */
const SCHEMA = `
syntax = "proto3";
package otlp;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }

message LogRecord {
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  int32 severity_number = 2;
  string severity_text = 3;
  AnyValue body = 5;
  repeated KeyValue attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}
message ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; string schema_url = 3; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; string schema_url = 3; }

message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ExportLogsPartialSuccess { int64 rejected_log_records = 1; string error_message = 2; }
message ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
message Status { int32 code = 1; string message = 2; }
`;

const root = protobuf.parse(SCHEMA, { keepCase: false }).root;
export const ExportLogsServiceRequest = root.lookupType('otlp.ExportLogsServiceRequest');
export const ExportLogsServiceResponse = root.lookupType('otlp.ExportLogsServiceResponse');
const Status = root.lookupType('otlp.Status');

/** google.rpc.Status, the body of an OTLP error response in protobuf. */
export function encodeProtobufStatus(code: number, message: string): Uint8Array {
  return Status.encode(Status.create({ code, message })).finish();
}

/** Decode protobuf into the same shape OTLP/JSON has (hex ids, 64-bit ints as strings). */
export function decodeProtobufRequest(bytes: Uint8Array): unknown {
  checkProtoDepth(bytes, ExportLogsServiceRequest); // before protobufjs, which recurses once per nested message
  const message = ExportLogsServiceRequest.decode(bytes);
  return ExportLogsServiceRequest.toObject(message, {
    longs: String,
    enums: Number,
    bytes: String,
    defaults: false,
    oneofs: false,
  });
}

export function encodeProtobufResponse(rejected: number, errorMessage: string): Uint8Array {
  const body =
    rejected > 0 ? { partialSuccess: { rejectedLogRecords: rejected, errorMessage } } : {};
  return ExportLogsServiceResponse.encode(ExportLogsServiceResponse.create(body)).finish();
}
