/** Whether a conditional update found its row still in the state it names. */
export const changed = (result: { numUpdatedRows: bigint }): boolean => result.numUpdatedRows > 0n;
