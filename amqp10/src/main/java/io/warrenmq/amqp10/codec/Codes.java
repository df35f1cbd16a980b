package io.warrenmq.amqp10.codec;

/** Format codes of the AMQP 1.0 primitive encodings (spec types.xml, section 1.6). */
final class Codes {
    private Codes() {
    }

    static final int DESCRIBED = 0x00;
    static final int NULL = 0x40;
    static final int TRUE = 0x41;
    static final int FALSE = 0x42;
    static final int BOOLEAN = 0x56;
    static final int UBYTE = 0x50;
    static final int USHORT = 0x60;
    static final int UINT = 0x70;
    static final int SMALLUINT = 0x52;
    static final int UINT0 = 0x43;
    static final int ULONG = 0x80;
    static final int SMALLULONG = 0x53;
    static final int ULONG0 = 0x44;
    static final int BYTE = 0x51;
    static final int SHORT = 0x61;
    static final int INT = 0x71;
    static final int SMALLINT = 0x54;
    static final int LONG = 0x81;
    static final int SMALLLONG = 0x55;
    static final int FLOAT = 0x72;
    static final int DOUBLE = 0x82;
    static final int DECIMAL32 = 0x74;
    static final int DECIMAL64 = 0x84;
    static final int DECIMAL128 = 0x94;
    static final int CHAR = 0x73;
    static final int TIMESTAMP = 0x83;
    static final int UUID = 0x98;
    static final int VBIN8 = 0xa0;
    static final int VBIN32 = 0xb0;
    static final int STR8 = 0xa1;
    static final int STR32 = 0xb1;
    static final int SYM8 = 0xa3;
    static final int SYM32 = 0xb3;
    static final int LIST0 = 0x45;
    static final int LIST8 = 0xc0;
    static final int LIST32 = 0xd0;
    static final int MAP8 = 0xc1;
    static final int MAP32 = 0xd1;
    static final int ARRAY8 = 0xe0;
    static final int ARRAY32 = 0xf0;
}
