/**
 * The names of naskah's development CA and TSA, which a verification report marks as not a certified
 * authority (not BSrE). Shared by the development CA (which uses them) and the verifier. Imports nothing.
 */
export const DEV_CA_NAME = 'naskah Development CA (BUKAN sertifikat BSrE)';
export const DEV_TSA_NAME = 'naskah Development TSA (BUKAN TSA tersertifikasi)';
