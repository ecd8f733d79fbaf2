/** Structures shared by both directions of CWMP traffic (TR-069 Annex A). */

/** FaultStruct inside TransferComplete and friends; code 0 means success. */
export interface FaultStruct {
  readonly faultCode: number;
  readonly faultString: string;
}

/** TR-069 A.3.2.4: the result of one ChangeDUState operation. */
export interface OpResultStruct {
  readonly uuid: string;
  readonly deploymentUnitRef: string;
  readonly version: string;
  readonly currentState: string;
  readonly resolved: boolean;
  readonly executionUnitRefList: string;
  readonly startTime: string;
  readonly completeTime: string;
  readonly fault: FaultStruct;
}

/** TR-069 A.4.2.2: an autonomous DU change also says what it did (Install, Update, Uninstall). */
export interface AutonOpResultStruct extends OpResultStruct {
  readonly operationPerformed: string;
}

/** TR-069 A.4.1.4: one Name/Value pair of RequestDownload's FileTypeArg. */
export interface ArgStruct {
  readonly name: string;
  readonly value: string;
}

/** TR-069 A.3.2.6 notification values: 0 off, 1 passive, 2 active (3-6 in later amendments). */
export type NotificationLevel = number;

/** A message with no arguments (e.g. Reboot's response). */
export type NoArguments = Readonly<Record<never, never>>;
