/**
 * One given name in the languages customer data meets most (English, German, French, Spanish, Italian,
 * Portuguese, Dutch, Polish, Scandinavian, Russian in Latin letters), with common modern short forms the
 * public nickname table lacks. Every name of a line stands for every other (a translation is one name),
 * unlike the nickname table's one-step links. Written for this project: names that are another common
 * name in some language (Jan, Jean, Ivan as Evan) are left out, so a line never joins two people's names.
 */
export const _nameVariantCsv: string = `alexander,alexandre,alejandro,alessandro,aleksander,aleksandr,alexandros,sasha
alexandra,alejandra,alessandra,aleksandra
andrew,andreas,andre,andres,andrea,andrei,andrzej,andrey,drew
anthony,antonio,anton,antoine,antoni,antonin,tony
benedict,benedikt,benoit,benito,benedetto
catherine,katherine,kathryn,katharina,catalina,caterina,katarzyna,katarina,catarina,ekaterina,katja,katya
charles,karl,carl,carlos,carlo,karel,karol,carlito
christina,kristina,christine,cristina,kristin,krisztina
christopher,christoph,cristobal,cristoforo,krzysztof,kristoffer,christophe,kristof
daniel,daniele,danilo,daniil
dorothy,dorothea,dorota,doroteya
edward,eduardo,edoardo,eduard,edouard,edvard
elizabeth,elisabeth,elisabetta,elzbieta,elisabet,isabel,isabella,isabelle,elisa,izzy
eleanor,eleonora,eleonore,leonor
emily,emilia,emilie
eugene,eugen,eugenio,evgeny,yevgeny
francis,francisco,francesco,franz,francois,franciszek,frans
frederick,friedrich,federico,frederic,fryderyk,frederik
george,georg,jorge,giorgio,georges,jerzy,georgios,yuri
gregory,gregor,gregorio,gregoire,grzegorz
helen,helena,elena,ellen,helene,eleni,jelena
henry,heinrich,henri,enrique,enrico,hendrik,henryk,henrik
hugh,hugo,hugues,ugo
jacob,jakob,jacobo,giacomo,jakub,jacques,yakov,santiago
james,diego,jaime,jaume,seamus,jamie,giacomo,jacques
joan,joanna,johanna,juana,jeanne,giovanna,joana
john,johann,johannes,juan,giovanni,joao,jovan,sean,shaun,hans,ioannis
joseph,josef,jose,giuseppe,josep,jozef,yusuf,joe,pepe
julia,julie,giulia,julija,yulia
julian,julien,julio,giulio,julius,juliusz
lawrence,laurence,lorenzo,laurent,lorenz,lars,laurentiu
lewis,louis,luis,luigi,ludwig,ludovic,lodewijk,luiz
lucy,lucia,lucie,luce,lucja
margaret,margarethe,margarita,margherita,marguerite,malgorzata,margareta,margriet
mark,marc,marco,marcos,marek,markus,marcus
mary,maria,marie,mariya,marija,maryam,mariam
matthew,matthias,mateo,matteo,mathieu,mateusz,mattias,matvey
michael,michel,miguel,michele,mikhail,mikael,michal,michiel,mikey,mikel
nicholas,nicolas,nikolaus,nicola,nikolai,mikolaj,niccolo,nicolaas,niklas
patrick,patricio,patrizio,patryk,padraig
patricia,patrizia,patrycja,tricia,trisha,trish
paul,pablo,paolo,paulo,pavel,pawel
peter,pierre,pedro,pietro,piotr,pieter,petr,pyotr,peder,per
philip,philipp,felipe,filippo,philippe,filip
richard,ricardo,riccardo,ryszard,rikard
robert,roberto,rupert,ruprecht
sophia,sofia,sophie,zofia,sofie
stephen,steven,stefan,stephan,esteban,stefano,etienne,stepan,stephane,szczepan
susan,susanne,suzanne,susana,susanna,zuzanna
teresa,theresa,therese,tereza,thereza
thomas,tomas,tommaso,tomasz,thomaz,foma
timothy,timotheus,timoteo,tymoteusz,timothee
victoria,vittoria,viktoria,victoire,tori
vincent,vincenzo,vicente,vincenz,wincenty
william,wilhelm,guillaume,guillermo,willem,guglielmo,wilhelmus
`;
