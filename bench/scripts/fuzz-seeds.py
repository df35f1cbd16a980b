#!/usr/bin/env python3
"""fuzz-seeds.py - writes the hand-made seed inputs of the Jazzer targets (docs/hardening.md, "Fuzzing"):
valid AMQP 0-9-1 frame sequences (channel.open, queue.declare with nested arguments, a publish with
properties and headers, consume, ack, close), field tables of every type, a content-assembly event
script and connection scripts, for the fuzzer to mutate from. Crash inputs found later sit next to them.
The AMQP 1.0 seeds (Amqp10FrameFuzzTestInputs) were written the same way by hand; see that directory."""
import os
import struct

ROOT=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
R=ROOT+'/amqp-codec/src/test/resources/io/warrenmq/codec/fuzz/'
S=ROOT+'/server/src/test/resources/io/warrenmq/server/fuzz/'
def ss(s): b=s.encode() if isinstance(s,str) else s; return bytes([len(b)])+b
def ls(b): return struct.pack('>I',len(b))+b
def table(items):
    c=b''
    for k,v in items: c+=ss(k)+v
    return struct.pack('>I',len(c))+c
def val_S(s): return b'S'+ls(s.encode())
def val_I(i): return b'I'+struct.pack('>i',i)
def frame(t,ch,p): return struct.pack('>BHI',t,ch,len(p))+p+b'\xce'
def method(ch,c,m,args): return frame(1,ch,struct.pack('>HH',c,m)+args)
def header(ch,size,props=b'\x00\x00',cls=60): return frame(2,ch,struct.pack('>HHQ',cls,0,size)+props)
def body(ch,b): return frame(3,ch,b)
hb=frame(8,0,b'')
args=table([('x-max-length',val_I(10)),('x-dead-letter-exchange',val_S('dlx')),('nested',b'F'+table([('a',b'A'+ls(val_I(1)+val_S('v')))]))])
declare=method(1,50,10,struct.pack('>H',0)+ss('q')+bytes([0b01000])+args)
chopen=method(1,20,10,ss(''))
publish=method(1,60,40,struct.pack('>H',0)+ss('')+ss('q')+b'\x00')
props=struct.pack('>H',0x8000|0x2000|0x1000)+ss('text/plain')+table([('h',val_S('v')),('n',val_I(5))])+b'\x02'
pub=publish+header(1,5,props)+body(1,b'hello')
consume=method(1,60,20,struct.pack('>H',0)+ss('q')+ss('')+b'\x00'+table([]))
ack=method(1,60,80,struct.pack('>Q',1)+b'\x00')
close=method(1,20,40,struct.pack('>H',200)+ss('bye')+struct.pack('>HH',0,0))
def w(d,name,data):
    os.makedirs(d,exist_ok=True); open(os.path.join(d,name),'wb').write(data)
fd=R+'FrameDecoderFuzzTestInputs/framesOrAmqpExceptionsOnly/'
w(fd,'publish-chunked-7',bytes([12])+chopen+declare+pub+hb)
w(fd,'consume-ack-whole',bytes([255])+consume+ack+close)
w(fd,'bad-frame-end',bytes([0])+chopen[:-1]+b'\x00')
w(fd,'huge-size',bytes([1])+struct.pack('>BHI',1,1,0x7fffffff))
ft=R+'FieldTableFuzzTestInputs/tablesReadWriteAndSettle/'
w(ft,'arguments',args)
w(ft,'all-types',table([('t',b't\x01'),('b',b'b\xff'),('B',b'B\xff'),('s',b's\x80\x00'),('u',b'u\xff\xff'),('i',b'i\xff\xff\xff\xff'),('l',b'l'+b'\x01'*8),('f',b'f\x7f\xc0\x00\x00'),('d',b'd'+b'\x00'*8),('D',b'D\x02\x00\x00\x01\x00'),('x',b'x'+ls(b'\x00\xff')),('T',b'T'+struct.pack('>q',1700000000)),('V',b'V'),('S',b'S'+ls(b'\xff\xfe'))]))
w(ft,'properties',props)
ca=R+'ContentAssemblyFuzzTestInputs/commandsOrAmqpExceptionsAndNothingLeaks/'
w(ca,'publish-header-bodies',bytes([0,0,0,0, 0,0,0,2, 1, 0,0,0,0,0,0,0,10, 1, 0,0,0,4, 0,0,0,3, 0,0,0,5, 0,0,0,3, 0,0,0,5]))
sv=S+'ConnectionFuzzTestInputs/connectionSurvivesAnyBytes/'
w(sv,'after-open-publish-consume',b'\x01'+chopen+declare+pub+consume+ack+close)
w(sv,'from-the-header',b'\x00'+b'AMQP\x00\x00\x09\x01'+method(0,10,11,table([])+ss('PLAIN')+ls(b'\x00guest\x00guest')+ss('en_US'))+method(0,10,31,struct.pack('>HIH',2047,131072,0))+method(0,10,40,ss('/')+ss('')+b'\x00')+chopen+declare+pub)
w(sv,'content-out-of-order',b'\x01'+chopen+publish+body(1,b'x')+header(2,3))
